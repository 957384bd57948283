//! `cert list` and `domain list` against the stateful fake Live API and the scripted server:
//! every page on one kept-alive connection, the pace limit, Beijing times shown in UTC, the
//! expiry monitor's exit code, bind → list end to end; and listings the server cuts short,
//! repeats, miscounts or fills with what cannot be read: never a partial listing taken for the
//! whole account.

use crate::common::fake_live::*;
use crate::common::fault::{FaultServer, bindings_answer, compute, json};
use crate::common::*;

const DAY: i64 = 86_400;

/// `n` play domains d000… with bindings expiring 1, 2, 3 … days from now (in reverse name
/// order, so that sorting is visible), plus push and disabled domains.
fn state(n: usize) -> LiveState {
    let now = now();
    let mut st = LiveState::numbered(n);
    for i in 0..n {
        st = st.bound(
            &format!("d{i:03}.example.com"),
            FakeBinding::to(&format!("cert{i}"))
                .alias(&format!("alias {i}"))
                .expires(&beijing(now + (n - i) as i64 * DAY + 3600)),
        );
    }
    for i in 0..20 {
        st = st.domain(&format!("push{i}.example.com"), false, true);
    }
    for i in 0..5 {
        st = st.domain(&format!("off{i}.example.com"), true, false);
    }
    st
}

/// An account of `n` bindings (certificate `c`, HTTPS on), named `{prefix}00000.example.com` …
fn bindings(prefix: &str, n: usize) -> LiveState {
    let mut st = LiveState::default();
    for i in 0..n {
        st = st.bound(&format!("{prefix}{i:05}.example.com"), FakeBinding::to("c"));
    }
    st
}

fn list(env: &Env, api: &FakeLive, args: &[&str]) -> Outcome {
    env.at(&api.endpoint()).args(args).run()
}

#[test]
fn cert_list_fetches_every_page_on_one_connection_sorted_by_expiry() {
    let env = Env::new();
    let api = FakeLive::start(state(230));
    let out = list(&env, &api, &["cert", "list", "-o", "tsv"]);
    out.assert_code(0).assert_stderr_eq("230 bindings\n");
    let lines: Vec<&str> = out.stdout().lines().collect();
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
    let api = FakeLive::start(
        LiveState::with_play_domains(["late.example.com"]).bound(
            "late.example.com",
            FakeBinding::to("abc")
                .https(0)
                .expires("2030-12-01 03:00:00")
                .updated("2026-11-27 07:30:00"),
        ),
    );
    let out = list(
        &env,
        &api,
        &["cert", "list", "--domain", "Late.Example.com"],
    );
    out.assert_code(0);
    let lines: Vec<&str> = out.stdout().lines().collect();
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
    out.assert_code(5)
        .assert_stderr_eq("9 bindings expiring within 10 days or expired\n");
    let lines: Vec<&str> = out.stdout().lines().collect();
    // d050..d057 expire in 10..3 days (+1h): those within 10 days are d051..d057; plus 2 expired.
    out.assert(lines.len() == 9, "9 rows");
    assert!(
        lines[0].split('\t').nth(5).unwrap().starts_with('-'),
        "expired first"
    );

    // Expired ones always count.
    list(&env, &api, &["cert", "list", "--expiring-within", "12h"]).assert_code(5);
    let api = FakeLive::start(state(10));
    list(&env, &api, &["cert", "list", "--expiring-within", "12h"])
        .assert_code(0)
        .assert_stderr_eq("0 bindings expiring within 12h or expired\n");
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
    out.assert_code(0);
    let arr = out.json_rows();
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
    // 230 enabled play + 5 disabled play domains.
    out.assert_code(0)
        .assert(out.stdout().lines().count() == 235, "235 rows")
        .assert_stdout_starts_with("d000.example.com\tplay\tenabled\t2024-01-01T00:00:00Z\n");
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
    out.assert(
        out.stdout().lines().count() == 30,
        "10 play + 20 push, disabled left out",
    );
    let body = &api.seen()[0].body;
    assert!(body.get("DomainType").is_none());
    assert_eq!(body["DomainStatus"], 1);
    let out = list(
        &env,
        &api,
        &["domain", "list", "--type", "push", "-o", "json"],
    );
    assert_eq!(out.json_rows().len(), 20);
}

#[test]
fn the_limiter_keeps_100_requests_at_or_under_20_per_second() {
    let env = Env::new();
    // 100 pages of bindings.
    let api = FakeLive::start(bindings("b", 10_000));
    let out = list(&env, &api, &["cert", "list", "-o", "tsv"]);
    out.assert_code(0)
        .assert(out.stdout().lines().count() == 10_000, "10,000 rows");
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
    // ghost.example.com does not exist.
    list(
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
    )
    .assert_code(5)
    .assert_stdout_contains("ghost.example.com  on     failed  ResourceNotFound.DomainNotExist");
    list(
        &env,
        &api,
        &["cert", "list", "-d", "d001.example.com", "-o", "tsv"],
    )
    .assert_stdout_starts_with("d001.example.com\toff\tNEWCERT\t-\t");
}

#[test]
fn listing_errors_map_to_exit_codes() {
    let env = Env::new();
    let api = FakeLive::start(state(3));
    // A wrong key: the fake refuses the signature.
    env.cmd()
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", "not-the-key")
        .args(["cert", "list", "--endpoint", &api.endpoint()])
        .run()
        .assert_code(4)
        .assert_stderr_contains("AuthFailure.SignatureFailure")
        .assert_stdout_eq("");
    // Reads have no dry run.
    list(&env, &api, &["cert", "list", "--dry-run"])
        .assert_code(2)
        .assert_stderr_contains("--dry-run applies to changes; `cert list` only reads");
    list(&env, &api, &["domain", "list", "--dry-run"])
        .assert_code(2)
        .assert_stderr_contains("`domain list` only reads");
    list(&env, &api, &["domain", "list", "--type", "both"]).assert_code(2);
}

#[test]
fn listings_without_a_count_page_on_until_a_page_is_not_full() {
    let env = Env::new();
    let mut st = state(230);
    st.omit_total = true;
    let api = FakeLive::start(st);
    let out = list(&env, &api, &["cert", "list", "-o", "tsv"]);
    out.assert_code(0)
        .assert(out.stdout().lines().count() == 230, "230 rows");
    let out = list(&env, &api, &["domain", "list", "-o", "tsv"]);
    out.assert_code(0)
        .assert(out.stdout().lines().count() == 235, "235 rows");
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
    out.assert(out.stdout().lines().count() == 200, "200 rows");
    assert_eq!(api.seen().len(), 3);
}

#[test]
fn a_server_that_caps_pages_at_50_loses_no_rows() {
    // TotalNum 122, at most 50 a page whatever Length asks: the offset must advance by the
    // items received, not by the page size asked for.
    let api = FaultServer::start(vec![compute(|req| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        let offset = body["Offset"].as_u64().unwrap();
        let items: Vec<String> = (offset..(offset + 50).min(122))
            .map(|i| {
                format!(
                    r#"{{"DomainName":"d{i:03}.example.com","Status":1,"CertExpireTime":"2030-01-01 00:00:00"}}"#
                )
            })
            .collect();
        (200, bindings_answer(&items.join(","), Some(122)))
    })]);
    let env = Env::new();
    let out = env
        .at(&api.endpoint())
        .args(["cert", "list", "-o", "tsv"])
        .run();
    out.assert_code(0)
        .assert(out.stdout().lines().count() == 122, "122 rows");
    let offsets: Vec<u64> = api
        .requests()
        .iter()
        .map(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["Offset"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(offsets, [0, 50, 100]);
}

#[test]
fn a_server_that_ignores_the_offset_stops_after_a_page_that_adds_nothing_and_fails() {
    let items: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"DomainName":"d{i}.example.com","Status":1}}"#))
        .collect();
    let page = bindings_answer(&items.join(","), Some(999_999_999));
    let api = FaultServer::start(vec![json(200, &page)]);
    let env = Env::new();
    // Issue #19: the first page is not the whole listing (exit 6, nothing on stdout).
    env.at(&api.endpoint())
        .args(["cert", "list", "-o", "tsv"])
        .run()
        .assert_code(6)
        .assert_stdout_eq("")
        .assert_stderr_contains(
            "100 of 999999999 items read, then page 2 repeated items already read",
        );
    assert_eq!(api.requests().len(), 2);
}

#[test]
fn cert_list_and_domain_list_with_an_empty_page_before_the_total_exit_6() {
    let env = Env::new();
    let mut st = LiveState::bound_to_old(250);
    st.cut_at = Some(100);
    let api = FakeLive::start(st);
    for (args, listing) in [
        (
            &["cert", "list", "-o", "tsv"][..],
            "the bindings listing (DescribeLiveDomainCertBindings) is incomplete: 100 of 250 items read, then page 2 came back empty",
        ),
        (
            &["domain", "list", "-o", "tsv"][..],
            "the domains listing (DescribeLiveDomains) is incomplete: 100 of 250 items read, then page 2 came back empty",
        ),
    ] {
        // Never a partial result.
        list(&env, &api, args)
            .assert_code(6)
            .assert_stderr_contains(listing)
            .assert_stdout_eq("");
    }
}

#[test]
fn a_repeated_page_is_an_error_for_cert_list_and_domain_list_with_or_without_a_total() {
    // Before: a warning, the first page as the whole listing, exit 0.
    let env = Env::new();
    for omit_total in [false, true] {
        let mut st = LiveState::bound_to_old(250);
        st.ignore_offset = true;
        st.omit_total = omit_total;
        let api = FakeLive::start(st);
        let read = if omit_total {
            "100 items read (the answers give no total)"
        } else {
            "100 of 250 items read"
        };
        for (args, listing, action) in [
            (
                &["cert", "list", "-o", "tsv"][..],
                "bindings",
                "DescribeLiveDomainCertBindings",
            ),
            (
                &["domain", "list", "-o", "tsv"][..],
                "domains",
                "DescribeLiveDomains",
            ),
        ] {
            list(&env, &api, args)
                .assert_code(6)
                .assert_stderr_contains(format!(
                    "the {listing} listing ({action}) is incomplete: {read}, then page 2 repeated items already read"
                ))
                .assert_stderr_lacks("warning")
                .assert_stdout_eq("");
        }
        assert_eq!(api.seen().len(), 4, "two pages per listing, then it stops");
    }
}

#[test]
fn a_listing_whose_total_changes_or_is_exceeded_is_an_error() {
    let env = Env::new();
    let item = |i: u64| {
        format!(
            r#"{{"DomainName":"d{i:03}.example.com","Status":1,"CertExpireTime":"2030-01-01 00:00:00","CloudCertId":"c"}}"#
        )
    };
    // The total shrinks from 250 to 200 on page 2: before, the 200 read were the account.
    let shrinking = FaultServer::start(vec![compute(move |req| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        let offset = body["Offset"].as_u64().unwrap();
        let total = if offset == 0 { 250 } else { 200 };
        let items: Vec<String> = (offset..offset + 100).map(item).collect();
        (200, bindings_answer(&items.join(","), Some(total)))
    })]);
    env.at(&shrinking.endpoint())
        .args(["cert", "list", "-o", "tsv"])
        .run()
        .assert_code(6)
        .assert_stderr_contains("200 of 250 items read, then page 2 gave a total of 200")
        .assert_stdout_eq("");

    // Three bindings where the total says two.
    let items: Vec<String> = (0..3).map(item).collect();
    let over = FaultServer::start(vec![json(200, &bindings_answer(&items.join(","), Some(2)))]);
    env.at(&over.endpoint())
        .args(["cert", "list", "-o", "tsv"])
        .run()
        .assert_code(6)
        .assert_stderr_contains("3 items read, more than the total of 2 the server gives")
        .assert_stdout_eq("");
}

/// A fake answering DescribeLiveDomainCertBindings with this one page, whatever is asked.
fn one_page(items: &str, total: u64) -> FaultServer {
    FaultServer::start(vec![json(200, &bindings_answer(items, Some(total)))])
}

#[test]
fn expiring_within_with_a_total_of_5_and_an_empty_list_exits_6() {
    let env = Env::new();
    let api = one_page("", 5);
    env.at(&api.endpoint())
        .args(["cert", "list", "--expiring-within", "30d"])
        .run()
        .assert_code(6)
        .assert_stderr_contains("0 of 5 items read, then page 1 came back empty")
        .assert_stdout_eq("");
}

#[test]
fn a_binding_that_cannot_be_read_is_shown_and_counts_as_a_problem() {
    // A field of another type, an expiry in no form the API writes, an entry that is not an
    // object: before, each dropped out of --expiring-within (exit 0), or showed as a row of
    // dashes without a name.
    let env = Env::new();
    let items = [
        r#"{"DomainName":"typed.example.com","CertificateAlias":"a","Status":"1","CertExpireTime":"2099-01-01 08:00:00","CloudCertId":"c1"}"#,
        r#"{"DomainName":"when.example.com","Status":1,"CertExpireTime":"next tuesday","CloudCertId":"c2"}"#,
        r#"{"DomainName":"none.example.com","Status":1,"CloudCertId":"c3"}"#,
        "42",
        r#"{"DomainName":"fine.example.com","Status":1,"CertExpireTime":"2099-01-01 08:00:00","CloudCertId":"c4"}"#,
    ];
    let api = one_page(&items.join(","), 5);
    for window in [true, false] {
        let mut args = vec!["cert", "list", "-o", "tsv"];
        if window {
            args.extend(["--expiring-within", "30d"]);
        }
        let out = env
            .at(&api.endpoint())
            .args(&args)
            .run()
            .case(format!("window {window}"));
        out.assert_code(5);
        let lines: Vec<&str> = out.stdout().lines().collect();
        // Unreadable expiries first (never taken for "far in the future"), then by expiry.
        let mut want = vec![
            "?\t?\t?\t?\t?\t?\t?",
            "none.example.com\ton\tc3\t-\t?\t?\t-",
            "when.example.com\ton\tc2\t-\t?\t?\t-",
        ];
        let days = (4_070_908_800 - now()).div_euclid(86_400);
        let typed = format!("typed.example.com\t?\tc1\ta\t2099-01-01T00:00:00Z\t{days}\t-");
        let fine = format!("fine.example.com\ton\tc4\t-\t2099-01-01T00:00:00Z\t{days}\t-");
        want.push(&typed);
        if !window {
            want.insert(3, &fine);
        }
        let mut sorted_tail = lines[3..].to_vec();
        sorted_tail.sort();
        let mut lines = lines[..3].to_vec();
        lines.extend(sorted_tail);
        out.assert(lines == want, format!("the rows are {want:#?}"))
            .assert_stderr_contains(
                "4 listed bindings cannot be read in full: ? (not a readable object), none.example.com (no CertExpireTime), when.example.com (CertExpireTime), typed.example.com (Status)",
            );
    }
}

#[test]
fn an_expiry_outside_the_years_utc_can_be_written_in_is_unreadable_never_a_number() {
    // Found by fuzzing (fuzz/regressions/api_time/): 0000-01-01 00:00 Beijing time is in the
    // year -1 in UTC, and cert list showed it as -62167248000, counted as read.
    let env = Env::new();
    let items = [
        r#"{"DomainName":"minus1.example.com","Status":1,"CertExpireTime":"0000-01-01 00:00:00","CloudCertId":"c1"}"#,
        r#"{"DomainName":"y10000.example.com","Status":1,"CertExpireTime":"9999-12-31T23:59:59-08:00","CloudCertId":"c2"}"#,
    ];
    let api = one_page(&items.join(","), 2);
    for window in [false, true] {
        let mut args = vec!["cert", "list", "-o", "tsv"];
        if window {
            args.extend(["--expiring-within", "30d"]);
        }
        let out = env
            .at(&api.endpoint())
            .args(&args)
            .run()
            .case(format!("window {window}"));
        let mut lines: Vec<&str> = out.stdout().lines().collect();
        lines.sort();
        out.assert_code(5)
            .assert(
                lines
                    == [
                        "minus1.example.com\ton\tc1\t-\t?\t?\t-",
                        "y10000.example.com\ton\tc2\t-\t?\t?\t-",
                    ],
                "both listed, their expiry `?`",
            )
            .assert_stderr_contains(
                "2 listed bindings cannot be read in full: minus1.example.com (CertExpireTime), y10000.example.com (CertExpireTime)",
            );
    }
}

#[test]
fn expiry_times_with_an_offset_or_fractional_seconds_are_read() {
    // Before: none of these forms was read, so each expiry dropped out of the window (exit 0).
    let env = Env::new();
    let base = now() - now() % 60 + 5 * 86_400 + 1800;
    let at = |days: i64| base + days * 86_400;
    let t = |unix: i64, offset: time::UtcOffset, fmt: &str| {
        let d = time::OffsetDateTime::from_unix_timestamp(unix)
            .unwrap()
            .to_offset(offset);
        fmt.replace(
            "{date}",
            &format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        )
        .replace(
            "{time}",
            &format!("{:02}:{:02}:{:02}", d.hour(), d.minute(), d.second()),
        )
    };
    let plus8 = time::macros::offset!(+8);
    let minus5 = time::macros::offset!(-5);
    let forms = [
        ("offset.example.com", t(at(0), plus8, "{date}T{time}+08:00")),
        ("minus.example.com", t(at(1), minus5, "{date}T{time}-05:00")),
        ("fraction.example.com", t(at(2), plus8, "{date} {time}.75")),
        (
            "zulu.example.com",
            t(at(3), time::UtcOffset::UTC, "{date}T{time}.250Z"),
        ),
        (
            "lower.example.com",
            t(at(4), time::UtcOffset::UTC, "{date}t{time}z"),
        ),
        ("far.example.com", "2099-01-01T00:00:00+08:00".to_string()),
    ];
    let items: Vec<String> = forms
        .iter()
        .map(|(name, exp)| {
            format!(
                r#"{{"DomainName":"{name}","Status":1,"CertExpireTime":"{exp}","CloudCertId":"c","UpdateTime":"{exp}"}}"#
            )
        })
        .collect();
    let api = one_page(&items.join(","), 6);
    let want: String = forms[..5]
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let e = at(i as i64);
            format!(
                "{name}\ton\tc\t-\t{}\t{}\t{}\n",
                utc(e),
                (e - now()).div_euclid(86_400),
                utc(e)
            )
        })
        .collect();
    // Every form read: nothing unreadable.
    env.at(&api.endpoint())
        .args(["cert", "list", "--expiring-within", "30d", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_eq(want)
        .assert_stderr_eq("5 bindings expiring within 30 days or expired\n");
}

#[test]
fn a_lone_surrogate_in_a_listing_or_a_bind_answer_is_read_as_replacement_text() {
    // serde_json refuses "\ud800" for a String: before, the binding dropped out of the
    // window (exit 0), and a bind's answer with one in an error message was "not this
    // action's fields" (exit 6, the failed domain hidden).
    let env = Env::new();
    let soon = beijing(now() + 2 * 86_400);
    let item = format!(
        r#"{{"DomainName":"sur.example.com","CertificateAlias":"x\ud800y","Status":1,"CertExpireTime":"{soon}","CloudCertId":"c"}}"#
    );
    let api = one_page(&item, 1);
    env.at(&api.endpoint())
        .args(["cert", "list", "--expiring-within", "30d", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_starts_with("sur.example.com\ton\tc\tx\u{fffd}y\t");

    let api = FakeApi::start();
    api.answer(
        200,
        r#"{"Response":{"MismatchedDomainNames":[],"Errors":[{"DomainName":"b.example.com","Code":"FailedOperation","Message":"bad \udc00 thing"}],"RequestId":"bind-7"}}"#,
    );
    env.bind(&api.endpoint())
        .args([
            "--cert-id",
            "X",
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
        ])
        .args(["-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_eq(
            "a.example.com\ton\tok\t\t\nb.example.com\ton\tfailed\tFailedOperation\tbad \u{fffd} thing\n",
        );
}

#[test]
fn a_domain_list_entry_that_cannot_be_read_is_shown_and_counts_as_a_problem() {
    let env = Env::new();
    let api = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"DomainList":[{"Name":"a.example.com","Type":1,"Status":"1","CreateTime":"2024-01-01 08:00:00"},{"Name":"b.example.com","Type":1,"Status":1,"CreateTime":"2024-01-01T00:00:00.5Z"},7,{"Type":1,"Status":1}],"AllCount":4,"RequestId":"r"}}"#,
    )]);
    env.at(&api.endpoint())
        .args(["domain", "list", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_eq(
            "a.example.com\tplay\t?\t2024-01-01T00:00:00Z\n\
             b.example.com\tplay\tenabled\t2024-01-01T00:00:00Z\n\
             ?\t?\t?\t?\n\
             ?\tplay\tenabled\t-\n",
        )
        .assert_stderr_contains(
            "3 listed domains cannot be read in full: a.example.com (Status), ? (not a readable object), ? (no Name)",
        );
}
