//! `-o prometheus` on `cert list`, `cert probe` and `domain list`: the text exposition format
//! that node_exporter's textfile collector reads, read back by the Prometheus project's own
//! parser (common/prometheus.rs); the run's metrics first, also when the run fails; a
//! server's names and aliases escaped; the commands without metrics refusing it.

use crate::common::edge::*;
use crate::common::fake_live::*;
use crate::common::fault::{FaultServer, api_error, bindings_answer, json};
use crate::common::prometheus::{Family, family, parse, value};
use crate::common::*;

const DAY: i64 = 86_400;

/// The run's metrics of `families` say `command` ended with `code`, successful or not.
#[track_caller]
fn assert_run(families: &[Family], command: &str, code: i32, success: bool) {
    let at = [("command", command)];
    assert_eq!(
        value(families, "tclive_run_success", &at),
        f64::from(u8::from(success))
    );
    assert_eq!(
        value(families, "tclive_run_exit_code", &at),
        f64::from(code)
    );
    let ended = value(families, "tclive_run_timestamp_seconds", &at);
    assert!(
        (ended - now() as f64).abs() < 60.0,
        "the run ended now: {ended}"
    );
    let last = families
        .iter()
        .find(|f| f.name == "tclive_last_success_timestamp_seconds");
    if success {
        assert_eq!(
            value(families, "tclive_last_success_timestamp_seconds", &at),
            ended
        );
    } else {
        assert!(last.is_none(), "a failed run has no last success: {last:?}");
    }
}

#[test]
fn cert_list_metrics_say_when_each_binding_expires() {
    let env = Env::new();
    let now = now();
    let hostile = "renew \"2026\"\\x\nnext\x1b[31m";
    let st = LiveState::default()
        .bound(
            "a.example.com",
            FakeBinding::to("certA")
                .alias(hostile)
                .expires(&beijing(now + 3 * DAY)),
        )
        .bound(
            "b.example.com",
            FakeBinding::to("certB")
                .https(0)
                .expires(&beijing(now - DAY)),
        );
    let api = FakeLive::start(st);
    let out = env
        .at(&api.endpoint())
        .args(["cert", "list", "-o", "prometheus", "--color", "always"])
        .run();
    out.assert_code(0)
        .assert_no_escape()
        .assert_stderr_eq("2 bindings\n");
    let m = parse(out.stdout());
    assert_run(&m, "cert list", 0, true);
    // The run's metrics last: output cut short never holds tclive_run_success 1.
    let names: Vec<&str> = m.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names[names.len() - 4..],
        [
            "tclive_run_success",
            "tclive_run_exit_code",
            "tclive_run_timestamp_seconds",
            "tclive_last_success_timestamp_seconds"
        ]
    );
    assert_eq!(value(&m, "tclive_cert_list_bindings", &[]), 2.0);
    // The alias comes back as the server wrote it, the escape sequence shown, not sent.
    let shown_alias = "renew \"2026\"\\x\nnext\\u{1b}[31m";
    let a = [
        ("domain", "a.example.com"),
        ("cert_id", "certA"),
        ("alias", shown_alias),
    ];
    assert_eq!(
        value(&m, "tclive_binding_cert_expiry_timestamp_seconds", &a),
        (now + 3 * DAY) as f64
    );
    let left = value(&m, "tclive_binding_cert_remaining_seconds", &a);
    assert!(
        (left - (3 * DAY) as f64).abs() < 60.0,
        "3 days left: {left}"
    );
    let b = [("domain", "b.example.com"), ("cert_id", "certB")];
    assert!(value(&m, "tclive_binding_cert_remaining_seconds", &b) < 0.0);
    assert!(
        family(&m, "tclive_binding_cert_remaining_seconds")
            .samples
            .iter()
            .any(|s| s.labels["domain"] == "b.example.com" && !s.labels.contains_key("alias")),
        "an empty alias is no label"
    );
    assert_eq!(
        value(
            &m,
            "tclive_binding_https_enabled",
            &[("domain", "a.example.com")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &m,
            "tclive_binding_https_enabled",
            &[("domain", "b.example.com")]
        ),
        0.0
    );
    assert_eq!(
        value(
            &m,
            "tclive_binding_readable",
            &[("domain", "b.example.com")]
        ),
        1.0
    );
    // The names follow Prometheus' conventions: a unit suffix on every time.
    for f in &m {
        if f.help.contains("seconds") || f.name.contains("expiry") {
            assert!(
                f.name.ends_with("_seconds"),
                "{}: a time in seconds",
                f.name
            );
        }
    }

    // --expiring-within: the same metrics of the bindings in the window, and its exit code 5.
    let out = env
        .at(&api.endpoint())
        .args([
            "cert",
            "list",
            "--expiring-within",
            "1d",
            "-o",
            "prometheus",
        ])
        .run();
    out.assert_code(5);
    let m = parse(out.stdout());
    assert_run(&m, "cert list", 5, true);
    assert_eq!(value(&m, "tclive_cert_list_bindings", &[]), 1.0);
    assert_eq!(
        family(&m, "tclive_binding_cert_expiry_timestamp_seconds").samples[0].labels["domain"],
        "b.example.com"
    );
}

#[test]
fn a_listing_that_repeats_a_domain_or_cannot_be_read_still_parses() {
    let env = Env::new();
    let items = [
        r#"{"DomainName":"a.example.com","CloudCertId":"x","Status":1,"CertExpireTime":"2030-01-01 08:00:00"}"#,
        r#"{"DomainName":7,"CloudCertId":"y","Status":1,"CertExpireTime":"2030-01-01 08:00:00"}"#,
        r#"{"DomainName":8,"CloudCertId":"z","Status":1,"CertExpireTime":"2030-01-01 08:00:00"}"#,
        r#"{"DomainName":"b\"\\\n.example.com","CloudCertId":7,"Status":"on","CertExpireTime":"soon"}"#,
    ];
    let api = FaultServer::start(vec![json(200, &bindings_answer(&items.join(","), Some(4)))]);
    let out = env
        .at(&api.endpoint())
        .args(["cert", "list", "-o", "prometheus"])
        .run();
    out.assert_code(5)
        .assert_stderr_contains("warning: 1 listed entry repeats a domain already in the metrics");
    let m = parse(out.stdout());
    assert_run(&m, "cert list", 5, true);
    assert_eq!(value(&m, "tclive_cert_list_bindings", &[]), 4.0);
    // Two entries whose names cannot be read are one series, domain="?": written once.
    assert_eq!(
        value(&m, "tclive_binding_readable", &[("domain", "?")]),
        0.0
    );
    let odd = [("domain", "b\"\\\n.example.com")];
    assert_eq!(value(&m, "tclive_binding_readable", &odd), 0.0);
    assert_eq!(
        value(
            &m,
            "tclive_binding_readable",
            &[("domain", "a.example.com")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &m,
            "tclive_binding_cert_expiry_timestamp_seconds",
            &[("domain", "a.example.com")]
        ),
        1_893_456_000.0,
        "2030-01-01 08:00 Beijing time is midnight UTC"
    );
    assert!(
        !family(&m, "tclive_binding_cert_expiry_timestamp_seconds")
            .samples
            .iter()
            .any(|s| s.labels["domain"] == odd[0].1),
        "an expiry that cannot be read is no sample"
    );
}

/// A run that fails prints its run metrics, and nothing else, on stdout: success 0 and the
/// exit code it ends with, which stays the one of its contract.
#[test]
fn a_failed_run_says_so_in_its_metrics() {
    let env = Env::new();
    let mut cut = LiveState::bound_to_old(250);
    cut.cut_at = Some(100);
    let cut = FakeLive::start(cut);
    let refusing = FaultServer::start(vec![api_error("InternalError.Unknown")]);
    let denied = FaultServer::start(vec![api_error("AuthFailure.SecretIdNotFound")]);
    let closed = closed_metadata();
    let cases: Vec<(&str, assert_cmd::Command, i32, &str)> = vec![
        (
            "no credentials",
            {
                let mut c = env.cmd();
                c.args(["--endpoint", &cut.endpoint(), "cert", "list"]);
                c
            },
            4,
            "cert list",
        ),
        (
            "keys refused",
            {
                let mut c = env.at(&denied.endpoint());
                c.args(["cert", "list"]);
                c
            },
            4,
            "cert list",
        ),
        (
            "the service refuses",
            {
                let mut c = env.at(&refusing.endpoint());
                c.args(["domain", "list"]);
                c
            },
            1,
            "domain list",
        ),
        (
            "no answer",
            {
                let mut c = env.at(&closed);
                c.args(["--max-attempts", "1", "cert", "list"]);
                c
            },
            6,
            "cert list",
        ),
        (
            "a listing cut short",
            {
                let mut c = env.at(&cut.endpoint());
                c.args(["cert", "list"]);
                c
            },
            6,
            "cert list",
        ),
        (
            "a bad domain",
            {
                let mut c = env.at(&cut.endpoint());
                c.args(["cert", "list", "--domain", "bad domain"]);
                c
            },
            2,
            "cert list",
        ),
        (
            "--expect-bound without credentials",
            {
                let mut c = env.cmd();
                c.args([
                    "--endpoint",
                    &cut.endpoint(),
                    "cert",
                    "probe",
                    "-d",
                    "a.example.com",
                    "--expect-bound",
                ]);
                c
            },
            4,
            "cert probe",
        ),
    ];
    for (case, mut cmd, code, command) in cases {
        let out = cmd.args(["-o", "prometheus"]).run().case(case);
        out.assert_code(code);
        let m = parse(out.stdout());
        assert_run(&m, command, code, false);
        let names: Vec<&str> = m.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "tclive_run_success",
                "tclive_run_exit_code",
                "tclive_run_timestamp_seconds"
            ],
            "{case}: only the run's metrics"
        );
        out.assert_stderr_contains("error: ");
    }
}

#[test]
fn cert_probe_metrics_per_domain_and_address() {
    let env = Env::new();
    let pki = Pki::new("Metrics");
    let good = pki.chain_for(&["good.example.com"]);
    let other = pki.chain_for(&["wrong.example.com"]);
    let server = edge(vec![
        ("good.example.com", serve(&good)),
        ("wrong.example.com", serve(&other)),
    ]);
    let refused = closed();
    let expect = env.write("good.pem", good.pem.as_bytes());
    let out = pki
        .probe(&env)
        .args(at("good.example.com", server.port))
        .args(at("wrong.example.com", server.port))
        .args(at_address("down.example.com", &refused))
        .arg("--expect-cert")
        .arg(&expect)
        .args(["-o", "prometheus"])
        .run();
    // No handshake with one domain: exit 6, as without metrics; the run did its work.
    out.assert_code(6).assert_no_escape();
    let m = parse(out.stdout());
    assert_run(&m, "cert probe", 6, true);
    assert_eq!(value(&m, "tclive_probe_domains", &[]), 3.0);
    let edge_at = format!("127.0.0.1:{}", server.port);
    let down_at = refused.clone();
    let g = [
        ("domain", "good.example.com"),
        ("address", edge_at.as_str()),
    ];
    let w = [
        ("domain", "wrong.example.com"),
        ("address", edge_at.as_str()),
    ];
    let d = [
        ("domain", "down.example.com"),
        ("address", down_at.as_str()),
    ];
    for (at, handshake, ok) in [(&g, 1.0, 1.0), (&w, 1.0, 0.0), (&d, 0.0, 0.0)] {
        assert_eq!(
            value(&m, "tclive_probe_handshake_success", at),
            handshake,
            "{at:?}"
        );
        assert_eq!(value(&m, "tclive_probe_ok", at), ok, "{at:?}");
    }
    assert_eq!(value(&m, "tclive_probe_cert_expected", &g), 1.0);
    assert_eq!(value(&m, "tclive_probe_cert_expected", &w), 0.0);
    assert_eq!(value(&m, "tclive_probe_cert_trusted", &w), 1.0);
    assert_eq!(value(&m, "tclive_probe_cert_covers_domain", &g), 1.0);
    let fingerprint = good.fingerprint();
    let leaf = [g[0], g[1], ("fingerprint", fingerprint.as_str())];
    let expiry = value(&m, "tclive_probe_cert_expiry_timestamp_seconds", &leaf);
    assert!(
        (expiry - (now() + 60 * DAY) as f64).abs() < (2 * DAY) as f64,
        "the leaf expires in 60 days: {expiry}"
    );
    let left = value(&m, "tclive_probe_cert_remaining_seconds", &leaf);
    let ended = value(
        &m,
        "tclive_run_timestamp_seconds",
        &[("command", "cert probe")],
    );
    assert!(
        (expiry - left - ended).abs() < 5.0,
        "remaining = expiry - the run's time"
    );
    // A domain without a handshake has no certificate metrics; without an expectation there
    // is no tclive_probe_cert_expected.
    for name in [
        "tclive_probe_cert_trusted",
        "tclive_probe_cert_expiry_timestamp_seconds",
    ] {
        assert!(
            !family(&m, name)
                .samples
                .iter()
                .any(|s| s.labels["domain"] == "down.example.com"),
            "{name} of down.example.com"
        );
    }
    let out = pki
        .probe(&env)
        .args(at("good.example.com", server.port))
        .args(["-o", "prometheus"])
        .run();
    out.assert_code(0);
    let m = parse(out.stdout());
    assert_run(&m, "cert probe", 0, true);
    assert!(m.iter().all(|f| f.name != "tclive_probe_cert_expected"));
}

#[test]
fn domain_list_metrics_say_which_domains_are_enabled() {
    let env = Env::new();
    let st = LiveState::with_play_domains(["a.example.com"])
        .domain("off.example.com", true, false)
        .domain("push.example.com", false, true);
    let api = FakeLive::start(st);
    let out = env
        .at(&api.endpoint())
        .args(["domain", "list", "--type", "all", "-o", "prometheus"])
        .run();
    out.assert_code(0);
    let m = parse(out.stdout());
    assert_run(&m, "domain list", 0, true);
    assert_eq!(value(&m, "tclive_domain_list_domains", &[]), 3.0);
    for (name, kind, enabled) in [
        ("a.example.com", "play", 1.0),
        ("off.example.com", "play", 0.0),
        ("push.example.com", "push", 1.0),
    ] {
        assert_eq!(
            value(
                &m,
                "tclive_domain_enabled",
                &[("domain", name), ("type", kind)]
            ),
            enabled
        );
        assert_eq!(
            value(&m, "tclive_domain_readable", &[("domain", name)]),
            1.0
        );
    }
}

/// A command without metrics refuses -o prometheus before it reads or sends anything.
#[test]
fn prometheus_is_refused_where_there_are_no_metrics() {
    let env = Env::new();
    let api = FakeLive::start(LiveState::with_play_domains(["a.example.com"]));
    let cert = env.write("c.pem", b"not read");
    for (what, args) in [
        (
            "cert bind",
            vec!["cert", "bind", "--cert-id", "x", "-d", "a.example.com"],
        ),
        (
            "cert check",
            vec!["cert", "check", "--cert", cert.to_str().unwrap()],
        ),
        ("credentials show", vec!["credentials", "show", "--check"]),
        ("completions", vec!["completions", "bash"]),
        ("man", vec!["man"]),
    ] {
        env.at(&api.endpoint())
            .args(["-o", "prometheus"])
            .args(&args)
            .run()
            .assert_code(2)
            .assert_stdout_eq("")
            .assert_stderr_contains(
                "-o prometheus is for `cert list`, `cert probe` and `domain list`",
            )
            .assert_stderr_contains(format!("`{what}` writes table, tsv or json"));
    }
    assert!(
        api.seen().is_empty(),
        "nothing was sent: {:?}",
        api.actions()
    );
}
