//! Issue #19, items 7, 8, 10 and 11: listings the server cuts short or fills with what cannot
//! be read, a read-back that fails after the bind was applied, and a re-bind that brings the
//! missing intermediate. Each test reproduces the problem against the built binary and the
//! loopback fakes, and pins what tclive does instead. Test names say the problem.

use crate::common::fake_live::*;
use crate::common::fault::{FaultServer, compute, json};
use crate::common::pki::*;
use crate::common::*;

fn domains(n: usize) -> LiveState {
    let mut st = LiveState::default();
    for i in 0..n {
        st.domains.push(FakeDomain {
            name: format!("d{i:03}.example.com"),
            play: true,
            enabled: true,
        });
    }
    st
}

/// `n` play domains d000 … with bindings to certificate OLD, HTTPS on.
fn bound(n: usize) -> LiveState {
    let mut st = domains(n);
    for i in 0..n {
        st.bindings.insert(
            format!("d{i:03}.example.com"),
            FakeBinding {
                cloud_cert_id: "OLD".into(),
                alias: "old".into(),
                https: 1,
                expire: "2030-01-01 08:00:00".into(),
                update: None,
                pem: None,
            },
        );
    }
    st
}

fn modifies(api: &FakeLive) -> usize {
    api.seen()
        .iter()
        .filter(|s| s.action == "ModifyLiveDomainCertBindings")
        .count()
}

fn run(env: &Env, api: &str, args: &[&str]) -> std::process::Output {
    env.cmd_with_creds()
        .args(["--endpoint", api])
        .args(args)
        .run()
}

/// A file naming d000 … d(n-1).example.com.
fn domains_file(env: &Env, n: usize) -> String {
    let text: String = (0..n).map(|i| format!("d{i:03}.example.com\n")).collect();
    env.write("domains.txt", text.as_bytes())
        .display()
        .to_string()
}

// 7. An incomplete listing is taken as the whole account ---------------------------------

#[test]
fn match_san_with_an_empty_page_before_the_total_binds_nothing_and_exits_6() {
    // 250 covered play domains; the domain listing's second page comes back empty although
    // AllCount says 250. Before: 100 of them bound, exit 0.
    let env = Env::new();
    let mut st = domains(250);
    st.cut_at = Some(100);
    let api = FakeLive::start(st);
    let out = env
        .bind(&api.endpoint())
        .args(env.key_pair_args(&["*.example.com"]))
        .args(["--match-san", "-o", "tsv"])
        .run();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("the domains listing (DescribeLiveDomains) is incomplete: 100 of 250 items read, then page 2 came back empty"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(modifies(&api), 0, "nothing bound from a partial listing");
    assert_eq!(api.state.lock().unwrap().uploads, 0);
}

#[test]
fn cert_list_and_domain_list_with_an_empty_page_before_the_total_exit_6() {
    let env = Env::new();
    let mut st = bound(250);
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
        let out = run(&env, &api.endpoint(), args);
        assert_eq!(out.status.code(), Some(6), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(listing), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}: never a partial result");
    }
}

#[test]
fn a_repeated_page_is_an_error_for_cert_list_and_domain_list_with_or_without_a_total() {
    // Before: a warning, the first page as the whole listing, exit 0.
    let env = Env::new();
    for omit_total in [false, true] {
        let mut st = bound(250);
        st.ignore_offset = true;
        st.omit_total = omit_total;
        let api = FakeLive::start(st);
        let read = if omit_total {
            "100 items read (the answers give no total)"
        } else {
            "100 of 250 items read"
        };
        for (args, listing) in [
            (&["cert", "list", "-o", "tsv"][..], "bindings"),
            (&["domain", "list", "-o", "tsv"][..], "domains"),
        ] {
            let out = run(&env, &api.endpoint(), args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(6), "{args:?}: {err}");
            assert!(
                err.contains(&format!(
                    "the {listing} listing ({}) is incomplete: {read}, then page 2 repeated items already read",
                    if listing == "bindings" {
                        "DescribeLiveDomainCertBindings"
                    } else {
                        "DescribeLiveDomains"
                    }
                )),
                "{args:?}: {err}"
            );
            assert!(!err.contains("warning"), "{err}");
            assert_eq!(stdout(&out), "", "{args:?}");
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
        (
            200,
            format!(
                r#"{{"Response":{{"LiveDomainCertBindings":[{}],"TotalNum":{total},"RequestId":"r"}}}}"#,
                items.join(",")
            ),
        )
    })]);
    let out = run(&env, &shrinking.endpoint(), &["cert", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("200 of 250 items read, then page 2 gave a total of 200"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");

    // Three bindings where the total says two.
    let items: Vec<String> = (0..3).map(item).collect();
    let over = FaultServer::start(vec![json(
        200,
        &format!(
            r#"{{"Response":{{"LiveDomainCertBindings":[{}],"TotalNum":2,"RequestId":"r"}}}}"#,
            items.join(",")
        ),
    )]);
    let out = run(&env, &over.endpoint(), &["cert", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 items read, more than the total of 2 the server gives"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn the_reads_before_a_bind_with_a_listing_cut_short_send_no_change() {
    // 200 domains of 250 are read from the account's listing (3 pages instead of 200 reads);
    // its second page is empty, or repeats the first. Before: the rest were read one by one
    // and the bind went on.
    for (cut, repeat, what) in [
        (Some(100), false, "then page 2 came back empty"),
        (None, true, "then page 2 repeated items already read"),
    ] {
        let env = Env::new();
        let mut st = bound(250);
        st.cut_at = cut;
        st.ignore_offset = repeat;
        let api = FakeLive::start(st);
        let file = domains_file(&env, 200);
        let out = env
            .bind(&api.endpoint())
            .args(["--cert-id", "NEW", "--domains-file", &file, "-o", "tsv"])
            .run();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(6), "{err}");
        assert!(
            err.contains(&format!(
                "the bindings listing (DescribeLiveDomainCertBindings) is incomplete: 100 of 250 items read, {what}"
            )),
            "{err}"
        );
        assert_eq!(stdout(&out), "");
        assert_eq!(modifies(&api), 0);
    }
}

#[test]
fn a_verify_whose_listing_is_cut_short_reports_the_bind_and_marks_every_domain_unverified() {
    // --force skips the reads before; the read-back's listing stops after 100 of 250.
    // Before: the rest were read one by one, exit 0. The change is applied, so the rows are
    // printed, every domain read back from that listing is `unverified`, exit 5 (item 10).
    let env = Env::new();
    let mut st = bound(250);
    st.cut_at = Some(100);
    let api = FakeLive::start(st);
    let file = domains_file(&env, 200);
    let out = env
        .bind(&api.endpoint())
        .args([
            "--cert-id",
            "NEW",
            "--force",
            "--verify",
            "--domains-file",
            &file,
        ])
        .args(["-o", "tsv"])
        .run();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert_eq!(modifies(&api), 1);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 200, "{text}");
    for l in &lines {
        let cells: Vec<&str> = l.split('\t').collect();
        assert_eq!(cells[2], "unverified", "{l}");
        assert!(
            cells[4].starts_with("could not be read back: the bindings listing (DescribeLiveDomainCertBindings) is incomplete: 100 of 250 items read"),
            "{l}"
        );
    }
    assert!(
        err.contains("200 domains: 0 ok, 0 failed, 0 mismatched, 200 unverified (RequestId fake-"),
        "{err}"
    );
    assert!(err.contains("error: --verify"), "{err}");
}

// 8. The expiry monitor fails open ---------------------------------------------------------

/// A fake answering DescribeLiveDomainCertBindings with this one page, whatever is asked.
fn one_page(items: &str, total: &str) -> FaultServer {
    FaultServer::start(vec![json(
        200,
        &format!(r#"{{"Response":{{"LiveDomainCertBindings":[{items}]{total},"RequestId":"r"}}}}"#),
    )])
}

/// Unix time as Beijing time, `YYYY-MM-DD HH:MM:SS`.
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

fn utc(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[test]
fn expiring_within_with_a_total_of_5_and_an_empty_list_exits_6() {
    let env = Env::new();
    let api = one_page("", r#","TotalNum":5"#);
    let out = run(
        &env,
        &api.endpoint(),
        &["cert", "list", "--expiring-within", "30d"],
    );
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 of 5 items read, then page 1 came back empty"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
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
    let api = one_page(&items.join(","), r#","TotalNum":5"#);
    for window in [true, false] {
        let mut args = vec!["cert", "list", "-o", "tsv"];
        if window {
            args.extend(["--expiring-within", "30d"]);
        }
        let out = run(&env, &api.endpoint(), &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(5), "window {window}: {err}");
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
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
        assert_eq!(lines, want, "window {window}: {text}");
        assert!(
            err.contains("4 listed bindings cannot be read in full: ? (not a readable object), none.example.com (no CertExpireTime), when.example.com (CertExpireTime), typed.example.com (Status)"),
            "window {window}: {err}"
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
    let api = one_page(&items.join(","), r#","TotalNum":6"#);
    let out = run(
        &env,
        &api.endpoint(),
        &["cert", "list", "--expiring-within", "30d", "-o", "tsv"],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
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
    assert_eq!(stdout(&out), want);
    assert_eq!(
        stderr(&out),
        "5 bindings expiring within 30 days or expired\n",
        "every form read: nothing unreadable"
    );
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
    let api = one_page(&item, r#","TotalNum":1"#);
    let out = run(
        &env,
        &api.endpoint(),
        &["cert", "list", "--expiring-within", "30d", "-o", "tsv"],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("sur.example.com\ton\tc\tx\u{fffd}y\t"),
        "{}",
        stdout(&out)
    );

    let api = FakeApi::start();
    api.answer(
        200,
        r#"{"Response":{"MismatchedDomainNames":[],"Errors":[{"DomainName":"b.example.com","Code":"FailedOperation","Message":"bad \udc00 thing"}],"RequestId":"bind-7"}}"#,
    );
    let out = env
        .bind(&api.endpoint())
        .args([
            "--cert-id",
            "X",
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
        ])
        .args(["-o", "tsv"])
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tok\t\t\nb.example.com\ton\tfailed\tFailedOperation\tbad \u{fffd} thing\n"
    );
}

#[test]
fn a_domain_list_entry_that_cannot_be_read_is_shown_and_counts_as_a_problem() {
    let env = Env::new();
    let api = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"DomainList":[{"Name":"a.example.com","Type":1,"Status":"1","CreateTime":"2024-01-01 08:00:00"},{"Name":"b.example.com","Type":1,"Status":1,"CreateTime":"2024-01-01T00:00:00.5Z"},7,{"Type":1,"Status":1}],"AllCount":4,"RequestId":"r"}}"#,
    )]);
    let out = run(&env, &api.endpoint(), &["domain", "list", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\tplay\t?\t2024-01-01T00:00:00Z\n\
         b.example.com\tplay\tenabled\t2024-01-01T00:00:00Z\n\
         ?\t?\t?\t?\n\
         ?\tplay\tenabled\t-\n"
    );
    assert!(
        stderr(&out).contains("3 listed domains cannot be read in full: a.example.com (Status), ? (not a readable object), ? (no Name)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn match_san_names_a_domain_entry_it_cannot_read_and_exits_5() {
    // The domain list holds a covered domain whose Status is not a number: before, it was
    // dropped without a word (exit 0). The domains that can be read are bound.
    let env = Env::new();
    let api = FaultServer::start(vec![compute(|req| {
        let body = match req.header("x-tc-action").as_deref() {
            Some("DescribeLiveDomains") => {
                r#"{"Response":{"DomainList":[{"Name":"a.example.com","Type":1,"Status":1},{"Name":"b.example.com","Type":1,"Status":"on"}],"AllCount":2,"RequestId":"d"}}"#
            }
            Some("DescribeLiveDomainCertBindings") => {
                r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"l"}}"#
            }
            _ => r#"{"Response":{"MismatchedDomainNames":[],"Errors":[],"RequestId":"bind-1"}}"#,
        };
        (200, body.to_string())
    })]);
    let out = env
        .bind(&api.endpoint())
        .args(env.key_pair_args(&["*.example.com"]))
        .args(["--match-san", "-o", "tsv"])
        .run();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert_eq!(stdout(&out), "a.example.com\ton\tok\t\t\n");
    assert!(
        err.contains("--match-san: 1 listed domain cannot be read in full, so it was not bound: b.example.com (Status)"),
        "{err}"
    );
}

// 10. A failed read-back hides the applied bind -------------------------------------------

const ONE_FAILED: &str = r#"{"Response":{"MismatchedDomainNames":[],"Errors":[{"DomainName":"b.example.com","Code":"FailedOperation","Message":"boom"}],"RequestId":"bind-42"}}"#;

#[test]
fn a_verify_that_cannot_read_back_still_prints_the_bind_and_marks_unverified() {
    // The bind is applied (one domain failed); then every read-back fails. Before: nothing
    // on stdout, exit 1 or 6, as if nothing had been done.
    for (read, reason) in [
        (
            r#"{"Response":{"Error":{"Code":"ResourceUnavailable","Message":"down for maintenance"},"RequestId":"read-9"}}"#,
            "could not be read back: ResourceUnavailable: down for maintenance (RequestId read-9)",
        ),
        (
            "<html>busy</html>",
            "could not be read back: the answer is not JSON",
        ),
    ] {
        let env = Env::new();
        let api = FakeApi::start_reading(read);
        api.answer(200, ONE_FAILED);
        // The reads answer `read` only after the bind: --force skips the reads before.
        let out = env
            .bind(&api.endpoint())
            .args([
                "--cert-id",
                "NEW",
                "--force",
                "--verify",
                "--max-attempts",
                "1",
            ])
            .args([
                "-d",
                "a.example.com",
                "-d",
                "b.example.com",
                "-d",
                "c.example.com",
            ])
            .args(["-o", "tsv"])
            .run();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(5), "{err}");
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        for (l, name) in [(lines[0], "a.example.com"), (lines[2], "c.example.com")] {
            assert!(
                l.starts_with(&format!("{name}\ton\tunverified\t\t{reason}")),
                "{l}"
            );
        }
        assert_eq!(lines[1], "b.example.com\ton\tfailed\tFailedOperation\tboom");
        assert!(
            err.contains(
                "3 domains: 0 ok, 1 failed, 0 mismatched, 2 unverified (RequestId bind-42)"
            ),
            "{err}"
        );
        assert!(err.contains("error: --verify: "), "{err}");
        assert_eq!(api.requests().len(), 1, "one bind");
    }

    // -o json: the API's answer as received, then the same exit.
    let env = Env::new();
    let api = FakeApi::start_reading("oops-not-json");
    api.answer(200, ONE_FAILED);
    let out = env
        .bind(&api.endpoint())
        .args([
            "--cert-id",
            "NEW",
            "--force",
            "--verify",
            "--max-attempts",
            "1",
        ])
        .args(["-d", "a.example.com", "-d", "b.example.com", "-o", "json"])
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["Errors"][0]["DomainName"], "b.example.com");
    assert_eq!(v["RequestId"], "bind-42");
}

#[test]
fn wait_served_that_cannot_read_the_bound_certificate_still_prints_the_bind() {
    // By id, --wait-served reads the bound leaf first; that read fails. Before: nothing on
    // stdout and exit 6. No edge is probed (there is nothing to compare with).
    let env = Env::new();
    let api = FakeApi::start_reading(
        r#"{"Response":{"Error":{"Code":"ResourceUnavailable","Message":"down"},"RequestId":"read-3"}}"#,
    );
    api.answer(200, ONE_FAILED);
    let edge = closed_port();
    let out = env
        .bind(&api.endpoint())
        .args(["--cert-id", "NEW", "--force", "--wait-served", "5s"])
        .args(["--connect-to", &format!("a.example.com:127.0.0.1:{edge}")])
        .args(["-d", "a.example.com", "-d", "b.example.com", "-o", "tsv"])
        .run();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tunverified\t\tcould not be read back: ResourceUnavailable: down (RequestId read-3)\n\
         b.example.com\ton\tfailed\tFailedOperation\tboom\n"
    );
    assert!(err.contains("(RequestId bind-42)"), "{err}");
    assert!(err.contains("error: --wait-served: "), "{err}");
}

// 11. Idempotence compares only the leaf ---------------------------------------------------

struct Chain {
    leaf_only: std::path::PathBuf,
    full: std::path::PathBuf,
    key: std::path::PathBuf,
}

/// One leaf for *.example.com, issued by an intermediate: as a file with the leaf alone and
/// as one with the intermediate after it.
fn chain(env: &Env) -> Chain {
    let root = root("Chain Root");
    let inter = intermediate("Chain Intermediate", &root);
    let key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf(
        &LeafSpec {
            names: &["*.example.com"],
            ..LeafSpec::default()
        },
        &key,
        &inter,
    );
    register_private_key(&key.serialize_pem());
    Chain {
        leaf_only: env.write("leaf.pem", leaf.as_bytes()),
        full: env.write("fullchain.pem", format!("{leaf}{}", inter.pem).as_bytes()),
        key: env.write("privkey.pem", key.serialize_pem().as_bytes()),
    }
}

fn bind_pair(
    env: &Env,
    api: &FakeLive,
    cert: &std::path::Path,
    key: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    env.bind(&api.endpoint())
        .arg("--cert")
        .arg(cert)
        .arg("--key")
        .arg(key)
        .args(["-d", "a.example.com", "-d", "b.example.com"])
        .args(args)
        .run()
}

#[test]
fn rebinding_the_same_leaf_with_the_missing_intermediate_is_a_change() {
    let env = Env::new();
    let api = FakeLive::start(domains(0));
    {
        let mut st = api.state.lock().unwrap();
        for n in ["a.example.com", "b.example.com"] {
            st.domains.push(FakeDomain {
                name: n.into(),
                play: true,
                enabled: true,
            });
        }
    }
    let c = chain(&env);
    // The leaf alone is bound (the chain check warns of the missing intermediate).
    let out = bind_pair(&env, &api, &c.leaf_only, &c.key, &["-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // The plan says why the same leaf is bound again.
    let out = bind_pair(&env, &api, &c.full, &c.key, &["--plan", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for p in plan.as_array().unwrap() {
        assert_eq!(p["action"], "bind", "{p}");
        assert_eq!(p["reason"], "same leaf, different chain", "{p}");
        assert_eq!(p["current"]["chain"].as_array().unwrap().len(), 1, "{p}");
    }
    let out = bind_pair(&env, &api, &c.full, &c.key, &["--plan"]);
    assert!(
        stderr(&out)
            .contains("a.example.com: same leaf, different chain (1 certificate bound, 2 to send)"),
        "{}",
        stderr(&out)
    );

    // Before: "unchanged", exit 0, nothing sent, and viewers still miss the intermediate.
    let out = bind_pair(&env, &api, &c.full, &c.key, &["--verify", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n"
    );
    assert_eq!(api.state.lock().unwrap().uploads, 2);

    // Now the whole chain is bound: unchanged.
    let out = bind_pair(&env, &api, &c.full, &c.key, &["-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tunchanged\t\t\nb.example.com\ton\tunchanged\t\t\n"
    );
    assert_eq!(api.state.lock().unwrap().uploads, 2);
}

#[test]
fn verify_after_a_chain_bind_checks_the_chain_read_back() {
    // The service keeps only the leaf of what it is sent: the read-back shows the right leaf
    // with the wrong chain. Before: `ok`, exit 0.
    let env = Env::new();
    let api = FakeLive::start(domains(0));
    {
        let mut st = api.state.lock().unwrap();
        st.keep_leaf_only = true;
        for n in ["a.example.com", "b.example.com"] {
            st.domains.push(FakeDomain {
                name: n.into(),
                play: true,
                enabled: true,
            });
        }
    }
    let c = chain(&env);
    let out = bind_pair(&env, &api, &c.full, &c.key, &["--verify", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tunverified\t\treads back the same leaf with a different chain (1 certificate, 2 sent)\n\
         b.example.com\ton\tunverified\t\treads back the same leaf with a different chain (1 certificate, 2 sent)\n"
    );
}
