//! `cert list` and `domain list` against the stateful fake Live API: every page, one kept-alive
//! connection, the pace limit, Beijing times shown in UTC, the expiry monitor's exit code, and
//! bind → list end to end.

use crate::common::fake_live::*;
use crate::common::*;

fn beijing(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap()
        .to_offset(time::macros::offset!(+8));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

const DAY: i64 = 86_400;

/// `n` play domains d000… with bindings expiring 1, 2, 3 … days from now (in reverse name
/// order, so that sorting is visible), plus push and disabled domains.
fn state(n: usize) -> LiveState {
    let mut st = LiveState::default();
    let now = now();
    for i in 0..n {
        let name = format!("d{i:03}.example.com");
        st.domains.push(FakeDomain {
            name: name.clone(),
            play: true,
            enabled: true,
        });
        st.bindings.insert(
            name,
            FakeBinding {
                cloud_cert_id: format!("cert{i}"),
                alias: format!("alias {i}"),
                https: 1,
                expire: beijing(now + (n - i) as i64 * DAY + 3600),
                update: None,
                pem: None,
            },
        );
    }
    for i in 0..20 {
        st.domains.push(FakeDomain {
            name: format!("push{i}.example.com"),
            play: false,
            enabled: true,
        });
    }
    for i in 0..5 {
        st.domains.push(FakeDomain {
            name: format!("off{i}.example.com"),
            play: true,
            enabled: false,
        });
    }
    st
}

fn list(env: &Env, api: &FakeLive, args: &[&str]) -> std::process::Output {
    env.cmd_with_creds()
        .args(["--endpoint", &api.endpoint()])
        .args(args)
        .run()
}

#[test]
fn cert_list_fetches_every_page_on_one_connection_sorted_by_expiry() {
    let env = Env::new();
    let api = FakeLive::start(state(230));
    let out = list(&env, &api, &["cert", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 230);
    // d229 expires first (1 day), d000 last.
    assert!(
        lines[0].starts_with("d229.example.com\ton\tcert229\talias 229\t"),
        "{}",
        lines[0]
    );
    assert!(
        lines[229].starts_with("d000.example.com\t"),
        "{}",
        lines[229]
    );
    let days: Vec<i64> = lines
        .iter()
        .map(|l| l.split('\t').nth(5).unwrap().parse().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "sorted by expiry");
    assert_eq!(days[0], 1);
    assert_eq!(stderr(&out), "230 bindings\n");

    let seen = api.seen();
    let offsets: Vec<u64> = seen
        .iter()
        .map(|s| s.body["Offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [0, 100, 200]);
    assert!(
        seen.iter()
            .all(|s| s.action == "DescribeLiveDomainCertBindings")
    );
    assert!(seen.iter().all(|s| s.body["Length"] == 100));
    assert_eq!(
        api.connections(),
        1,
        "pages share one kept-alive connection"
    );
}

#[test]
fn beijing_times_are_shown_in_utc_across_a_date_boundary() {
    let env = Env::new();
    let mut st = LiveState::default();
    st.domains.push(FakeDomain {
        name: "late.example.com".into(),
        play: true,
        enabled: true,
    });
    st.bindings.insert(
        "late.example.com".into(),
        FakeBinding {
            cloud_cert_id: "abc".into(),
            alias: "".into(),
            https: 0,
            expire: "2030-12-01 03:00:00".into(),
            update: Some("2026-11-27 07:30:00".into()),
            pem: None,
        },
    );
    let api = FakeLive::start(st);
    let out = list(
        &env,
        &api,
        &["cert", "list", "--domain", "Late.Example.com"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "DOMAIN            HTTPS  CERT ID  ALIAS  EXPIRES               DAYS LEFT  UPDATED"
    );
    assert!(
        lines[1].starts_with("late.example.com  off    abc      -      2030-11-30T19:00:00Z  "),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with("2026-11-26T23:30:00Z"), "{}", lines[1]);
    assert_eq!(api.seen()[0].body["DomainName"], "late.example.com");
}

#[test]
fn expiring_within_lists_only_the_window_and_exits_5() {
    let env = Env::new();
    let mut st = state(60);
    // Two already expired.
    for name in ["d058.example.com", "d059.example.com"] {
        st.bindings.get_mut(name).unwrap().expire = beijing(now() - 3 * DAY);
    }
    let api = FakeLive::start(st);
    let out = list(
        &env,
        &api,
        &["cert", "list", "--expiring-within", "10d", "-o", "tsv"],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // d050..d057 expire in 10..3 days (+1h): those within 10 days are d051..d057; plus 2 expired.
    assert_eq!(lines.len(), 9, "{text}");
    assert!(
        lines[0].split('\t').nth(5).unwrap().starts_with('-'),
        "expired first"
    );
    assert_eq!(
        stderr(&out),
        "9 bindings expiring within 10 days or expired\n"
    );

    let out = list(&env, &api, &["cert", "list", "--expiring-within", "12h"]);
    assert_eq!(out.status.code(), Some(5), "expired ones always count");
    let api = FakeLive::start(state(10));
    let out = list(&env, &api, &["cert", "list", "--expiring-within", "12h"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "0 bindings expiring within 12h or expired\n");
}

#[test]
fn json_is_the_api_objects_as_received_all_pages_merged() {
    let env = Env::new();
    let api = FakeLive::start(state(150));
    let out = list(
        &env,
        &api,
        &["cert", "list", "-o", "json", "--search", "example"],
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 150);
    assert_eq!(
        arr[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "DomainName",
            "CertificateAlias",
            "CertType",
            "Status",
            "CertExpireTime",
            "CertId",
            "CloudCertId",
            "UpdateTime"
        ]
    );
    assert!(
        api.seen()
            .iter()
            .all(|s| s.body["DomainSearch"] == "example")
    );
}

#[test]
fn domain_list_pages_and_filters() {
    let env = Env::new();
    let api = FakeLive::start(state(230));
    let out = list(&env, &api, &["domain", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // 230 enabled play + 5 disabled play domains.
    assert_eq!(stdout(&out).lines().count(), 235);
    assert!(stdout(&out).starts_with("d000.example.com\tplay\tenabled\t2024-01-01T00:00:00Z\n"));
    let seen = api.seen();
    let pages: Vec<u64> = seen
        .iter()
        .map(|s| s.body["PageNum"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [1, 2, 3]);
    assert!(
        seen.iter()
            .all(|s| s.body["PageSize"] == 100 && s.body["DomainType"] == 1)
    );
    assert!(seen.iter().all(|s| s.body.get("DomainStatus").is_none()));
    assert_eq!(api.connections(), 1);

    let api = FakeLive::start(state(10));
    let out = list(
        &env,
        &api,
        &["domain", "list", "--type", "all", "--enabled", "-o", "tsv"],
    );
    assert_eq!(
        stdout(&out).lines().count(),
        30,
        "10 play + 20 push, disabled left out"
    );
    let body = &api.seen()[0].body;
    assert!(body.get("DomainType").is_none());
    assert_eq!(body["DomainStatus"], 1);
    let out = list(
        &env,
        &api,
        &["domain", "list", "--type", "push", "-o", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 20);
}

#[test]
fn the_limiter_keeps_100_requests_at_or_under_20_per_second() {
    let env = Env::new();
    let api = FakeLive::start(state(0));
    {
        // 100 pages of bindings.
        let mut st = api.state.lock().unwrap();
        for i in 0..10_000 {
            st.bindings.insert(
                format!("b{i:05}.example.com"),
                FakeBinding {
                    cloud_cert_id: "c".into(),
                    alias: "".into(),
                    https: 1,
                    expire: "2030-01-01 00:00:00".into(),
                    update: None,
                    pem: None,
                },
            );
        }
    }
    let out = list(&env, &api, &["cert", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 10_000);
    let at: Vec<std::time::Instant> = api.seen().iter().map(|s| s.at).collect();
    assert_eq!(at.len(), 100);
    for w in at.windows(21) {
        assert!(
            w[20].duration_since(w[0]) >= std::time::Duration::from_secs(1),
            "21 requests within one second"
        );
    }
    assert_eq!(api.connections(), 1);
}

#[test]
fn bind_then_list_end_to_end() {
    let env = Env::new();
    let api = FakeLive::start(state(3));
    let out = list(
        &env,
        &api,
        &[
            "cert",
            "bind",
            "--cert-id",
            "NEWCERT",
            "-d",
            "d001.example.com:off",
            "-d",
            "ghost.example.com",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(5),
        "ghost.example.com does not exist: {}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("ghost.example.com  on     failed  ResourceNotFound.DomainNotExist")
    );
    let out = list(
        &env,
        &api,
        &["cert", "list", "-d", "d001.example.com", "-o", "tsv"],
    );
    assert!(
        stdout(&out).starts_with("d001.example.com\toff\tNEWCERT\t-\t"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn listing_errors_map_to_exit_codes() {
    let env = Env::new();
    let api = FakeLive::start(state(3));
    // A wrong key: the fake refuses the signature.
    let out = env
        .cmd()
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", "not-the-key")
        .args(["cert", "list", "--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("AuthFailure.SignatureFailure"));
    assert_eq!(stdout(&out), "");
    // Reads have no dry run.
    let out = list(&env, &api, &["cert", "list", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--dry-run applies to changes; `cert list` only reads"),
        "{}",
        stderr(&out)
    );
    let out = list(&env, &api, &["domain", "list", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`domain list` only reads"),
        "{}",
        stderr(&out)
    );
    let out = list(&env, &api, &["domain", "list", "--type", "both"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn progress_shows_on_a_terminal_when_a_listing_takes_over_a_second() {
    // `script` (util-linux, on every Debian machine) gives the command a terminal.
    let env = Env::new();
    let api = FakeLive::start(state(0));
    {
        let mut st = api.state.lock().unwrap();
        for i in 0..3_000 {
            st.bindings.insert(
                format!("p{i:04}.example.com"),
                FakeBinding {
                    cloud_cert_id: "c".into(),
                    alias: "".into(),
                    https: 1,
                    expire: "2030-01-01 00:00:00".into(),
                    update: None,
                    pem: None,
                },
            );
        }
    }
    let bin = assert_cmd::cargo::cargo_bin!("tclive");
    let line = format!(
        "{} cert list -o tsv --endpoint {} > /dev/null",
        bin.display(),
        api.endpoint()
    );
    let result = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_clear()
        .env("HOME", env.home.path())
        .env("PATH", "/usr/bin:/bin")
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .output()
        .expect("script runs");
    let text = String::from_utf8_lossy(&result.stdout);
    assert_eq!(result.status.code(), Some(0), "{text}");
    assert!(text.contains("\rbindings: "), "{text:?}");
    assert!(text.contains(" of 3000…"), "{text:?}");
    assert!(text.contains("3000 bindings"), "{text:?}");
    assert!(!text.contains(SECRET_KEY));
}

#[test]
fn listings_without_a_count_page_on_until_a_page_is_not_full() {
    let env = Env::new();
    let mut st = state(230);
    st.omit_total = true;
    let api = FakeLive::start(st);
    let out = list(&env, &api, &["cert", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 230);
    let out = list(&env, &api, &["domain", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 235);
    let offsets: Vec<u64> = api
        .seen()
        .iter()
        .filter_map(|s| s.body["Offset"].as_u64())
        .collect();
    assert_eq!(offsets, [0, 100, 200], "the short third page ends it");

    // Exactly full pages: one more request finds the empty page that ends it.
    let mut st = state(200);
    st.omit_total = true;
    let api = FakeLive::start(st);
    let out = list(&env, &api, &["cert", "list", "-o", "tsv"]);
    assert_eq!(stdout(&out).lines().count(), 200);
    assert_eq!(api.seen().len(), 3);
}
