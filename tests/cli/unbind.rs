//! `tclive cert unbind` through the built binary against the fake Live API: one
//! UnBindLiveDomainCert per domain that has a certificate (paced), `--rule`, the rows and the
//! exit code, `--plan` and `--dry-run` sending nothing, and refusals.

use std::time::Duration;

use crate::common::fake_live::*;
use crate::common::*;

fn unbind(env: &Env, api: &FakeLive) -> assert_cmd::Command {
    let mut c = env.cmd_with_creds();
    c.args(["cert", "unbind", "--endpoint", &api.endpoint()]);
    c
}

fn unbinds(api: &FakeLive) -> Vec<serde_json::Value> {
    api.seen()
        .into_iter()
        .filter(|s| s.action == "UnBindLiveDomainCert")
        .map(|s| s.body)
        .collect()
}

/// a and b bound to OLD, c a domain with nothing bound.
fn account() -> FakeLive {
    FakeLive::start(
        LiveState::with_play_domains(["a.example.com", "b.example.com", "c.example.com"])
            .bound("a.example.com", FakeBinding::to("OLD"))
            .bound("b.example.com", FakeBinding::to("OLD")),
    )
}

#[test]
fn unbind_sends_one_request_per_bound_domain_and_skips_those_with_none() {
    let env = Env::new();
    let api = account();
    unbind(&env, &api)
        .args(domain_args(&["a.example.com", "B.Example.com.", "c.example.com"]))
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            "a.example.com\tformal\tok\t\t\nb.example.com\tformal\tok\t\t\nc.example.com\tformal\tunchanged\t\tno certificate bound\n",
        )
        .assert_stderr_contains("3 domains: 2 unbound, 0 failed, 1 unchanged\n");
    assert_eq!(
        unbinds(&api),
        [
            serde_json::json!({"DomainName": "a.example.com", "Type": "formal"}),
            serde_json::json!({"DomainName": "b.example.com", "Type": "formal"}),
        ]
    );
    // Read once (one listing), then one request per bound domain.
    assert_eq!(
        api.actions(),
        [
            "DescribeLiveDomainCertBindings",
            "UnBindLiveDomainCert",
            "UnBindLiveDomainCert"
        ]
    );
    let st = api.state.lock().unwrap();
    assert!(st.bindings.is_empty(), "both certificates removed");
    drop(st);

    // Again: nothing bound, nothing sent.
    unbind(&env, &api)
        .args(domain_args(&["a.example.com", "b.example.com"]))
        .run()
        .assert_code(0)
        .assert_stderr_contains("2 domains: 0 unbound, 0 failed, 2 unchanged");
    assert_eq!(unbinds(&api).len(), 2);
}

#[test]
fn unbinds_keep_to_the_apis_20_a_second() {
    let env = Env::new();
    let api = FakeLive::start(LiveState::bound_to_old(25));
    unbind(&env, &api)
        .args(["--domains-file", &env.domains_file(25)])
        .run()
        .assert_code(0)
        .assert_stderr_contains("25 domains: 25 unbound, 0 failed, 0 unchanged");
    let at: Vec<_> = api
        .seen()
        .into_iter()
        .filter(|s| s.action == "UnBindLiveDomainCert")
        .map(|s| s.at)
        .collect();
    assert_eq!(at.len(), 25);
    // Any 21 of them span at least a second.
    for w in at.windows(21) {
        assert!(
            w[20].duration_since(w[0]) >= Duration::from_secs(1),
            "21 unbinds within {:?}",
            w[20].duration_since(w[0])
        );
    }
}

#[test]
fn a_failed_domain_is_a_row_of_its_own_and_exit_5_in_every_format() {
    let env = Env::new();
    for format in ["table", "tsv", "json"] {
        let api = account();
        api.state.lock().unwrap().unbind_fails = vec!["a.example.com".into()];
        let out = unbind(&env, &api)
            .args(domain_args(&["a.example.com", "b.example.com"]))
            .args(["-o", format])
            .run()
            .case(format);
        out.assert_code(5)
            .assert_stderr_contains("2 domains: 1 unbound, 1 failed, 0 unchanged");
        match format {
            "json" => {
                let v = out.json();
                assert_eq!(v[0]["result"], "failed", "{v}");
                assert_eq!(v[0]["code"], "FailedOperation");
                assert_eq!(v[0]["message"], "unbind failed");
                assert_eq!(v[1]["result"], "ok");
                assert_eq!(v[1]["rule"], "formal");
                assert!(v[1]["request_id"].as_str().unwrap().starts_with("fake-"));
            }
            "tsv" => {
                out.assert_stdout_eq(
                    "a.example.com\tformal\tfailed\tFailedOperation\tunbind failed\nb.example.com\tformal\tok\t\t\n",
                );
            }
            _ => {
                out.assert_stdout_contains("DOMAIN")
                    .assert_stdout_contains("FailedOperation");
            }
        }
        // The failure did not stop the next domain.
        assert_eq!(unbinds(&api).len(), 2, "{format}");
    }
}

#[test]
fn rule_gray_is_sent_for_every_domain_without_reading_the_formal_bindings() {
    let env = Env::new();
    let api = account();
    unbind(&env, &api)
        .args(domain_args(&["a.example.com", "c.example.com"]))
        .args(["--rule", "gray", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq("a.example.com\tgray\tok\t\t\nc.example.com\tgray\tok\t\t\n");
    assert_eq!(
        api.actions(),
        ["UnBindLiveDomainCert", "UnBindLiveDomainCert"]
    );
    assert!(unbinds(&api).iter().all(|b| b["Type"] == "gray"));
    // The formal certificate stays.
    assert!(
        api.state
            .lock()
            .unwrap()
            .bindings
            .contains_key("a.example.com")
    );
    unbind(&env, &api)
        .args(["-d", "a.example.com", "--rule", "canary"])
        .run()
        .assert_code(2)
        .assert_stderr_contains("canary");
}

#[test]
fn plan_shows_what_is_bound_now_and_sends_nothing() {
    let env = Env::new();
    let api = account();
    let out = unbind(&env, &api)
        .args(domain_args(&["a.example.com", "c.example.com"]))
        .args(["--plan", "-o", "json"])
        .run();
    out.assert_code(0)
        .assert_stderr_eq("plan: 1 of 2 domains would be unbound; nothing was sent\n");
    let v = out.json();
    assert_eq!(v[0]["domain"], "a.example.com");
    assert_eq!(v[0]["action"], "unbind");
    assert_eq!(v[0]["current"]["cert_id"], "OLD");
    assert_eq!(v[1]["action"], "unchanged");
    assert!(v[1]["current"].is_null());
    unbind(&env, &api)
        .args(domain_args(&["a.example.com"]))
        .args(["--plan", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_starts_with("a.example.com\tunbind\tOLD\t");
    assert!(unbinds(&api).is_empty(), "the plan sent an unbind");
    // --plan reads: not with --dry-run.
    env.cmd()
        .args([
            "--dry-run",
            "cert",
            "unbind",
            "-d",
            "a.example.com",
            "--plan",
        ])
        .run()
        .assert_code(2)
        .assert_stderr_contains("--plan reads the current bindings");
}

#[test]
fn dry_run_prints_each_request_without_credentials_or_network() {
    let env = Env::new();
    let api = account();
    let out = env
        .cmd()
        .args(["--dry-run", "cert", "unbind", "--endpoint", &api.endpoint()])
        .args(domain_args(&["a.example.com", "b.example.com"]))
        .args(["--rule", "gray"])
        .run();
    out.assert_code(0)
        .assert_stdout_contains("X-TC-Action: UnBindLiveDomainCert\n")
        .assert_stdout_contains(r#""DomainName": "b.example.com""#)
        .assert_stdout_lacks("Authorization");
    assert_eq!(
        out.stdout()
            .matches("X-TC-Action: UnBindLiveDomainCert")
            .count(),
        2
    );
    let out = env
        .cmd()
        .args([
            "--dry-run",
            "-o",
            "json",
            "cert",
            "unbind",
            "-d",
            "a.example.com",
        ])
        .run();
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v[0]["Url"], "https://live.tencentcloudapi.com/");
    assert_eq!(
        v[0]["Body"],
        serde_json::json!({"DomainName": "a.example.com", "Type": "formal"})
    );
    assert!(api.seen().is_empty(), "a dry run sent a request");
}

#[test]
fn a_cam_refusal_stops_the_unbind_with_exit_4_and_bad_input_sends_nothing() {
    let env = Env::new();
    let api = account();
    api.state.lock().unwrap().unbind_refuse = Some("UnauthorizedOperation".into());
    unbind(&env, &api)
        .args(domain_args(&["a.example.com", "b.example.com"]))
        .run()
        .assert_code(4)
        .assert_stderr_contains("live:UnBindLiveDomainCert");
    assert_eq!(unbinds(&api).len(), 1, "the denial stops the unbind");
    // No domain, or a name that is not one: refused before anything is sent.
    let api = account();
    for bad in [
        vec![],
        vec!["-d", "not a domain"],
        vec!["-d", "http://a.example.com"],
    ] {
        unbind(&env, &api)
            .args(&bad)
            .run()
            .case(format!("{bad:?}"))
            .assert_code(2);
    }
    assert!(api.seen().is_empty());
}
