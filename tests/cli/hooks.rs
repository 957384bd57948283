//! `cert bind` as an ACME deploy hook: `--from-hook-env` (certbot's, lego's and acme.sh's
//! variables) and `--match-san` (every enabled play domain the certificate's names cover),
//! against the stateful fake Live API and the scripted server.

use crate::common::edge::{Chain, Pki};
use crate::common::fake_live::*;
use crate::common::fault::{FaultServer, compute, json};
use crate::common::*;

fn material(names: &[&str]) -> Chain {
    Pki::new("Hook").chain_for(names)
}

fn live(domains: &[(&str, bool, bool)]) -> FakeLive {
    let mut st = LiveState::default();
    for (name, play, enabled) in domains {
        st = st.domain(name, *play, *enabled);
    }
    FakeLive::start(st)
}

fn bound_names(body: &serde_json::Value) -> Vec<(String, i64)> {
    body["DomainInfos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["DomainName"].as_str().unwrap().to_string(),
                d["Status"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn each_acme_client_environment() {
    let m = material(&["play.example.com"]);
    let env = Env::new();
    // certbot's lineage directory, lego's and acme.sh's files.
    let lineage = m.write(&env, "letsencrypt/live/play").dir;
    let lego_crt = env.write("lego/certificates/play.example.com.crt", m.pem.as_bytes());
    let lego_key = env.write(
        "lego/certificates/play.example.com.key",
        m.key_pem.as_bytes(),
    );
    let acme_full = env.write("acme/play.example.com/fullchain.cer", m.pem.as_bytes());
    let acme_key = env.write(
        "acme/play.example.com/play.example.com.key",
        m.key_pem.as_bytes(),
    );
    let cases: Vec<(&str, Vec<(&str, std::path::PathBuf)>)> = vec![
        ("certbot", vec![("RENEWED_LINEAGE", lineage.clone())]),
        (
            "lego v4",
            vec![
                ("LEGO_CERT_PATH", lego_crt.clone()),
                ("LEGO_CERT_KEY_PATH", lego_key.clone()),
            ],
        ),
        (
            "lego v5",
            vec![
                ("LEGO_HOOK_CERT_PATH", lego_crt.clone()),
                ("LEGO_HOOK_CERT_KEY_PATH", lego_key.clone()),
            ],
        ),
        (
            "acme.sh",
            vec![
                ("CERT_FULLCHAIN_PATH", acme_full.clone()),
                ("CERT_KEY_PATH", acme_key.clone()),
            ],
        ),
    ];
    for (client, vars) in cases {
        let api = live(&[("play.example.com", true, true)]);
        env.bind(&api.endpoint())
            .envs(vars)
            .args(["--from-hook-env", "-d", "play.example.com"])
            .run()
            .case(client)
            .assert_code(0)
            .assert_stderr_starts_with(format!("using {client}'s certificate "));
        // Stored once, then bound by its ID.
        let sent = api.stores();
        assert_eq!(sent.len(), 1, "{client}");
        assert_eq!(sent[0]["CertificatePublicKey"], m.pem.as_str(), "{client}");
        assert_eq!(
            sent[0]["CertificatePrivateKey"],
            m.key_pem.as_str(),
            "{client}"
        );
        let bound = api.modifies();
        assert_eq!(bound.len(), 1, "{client}");
        assert_eq!(bound[0]["CloudCertId"], "upload-1", "{client}");
    }
}

#[test]
fn two_clients_hook_variables_are_refused_before_anything_is_sent() {
    let env = Env::new();
    let api = FakeApi::start();
    env.bind(&api.endpoint())
        .args(["--from-hook-env", "-d", "play.example.com"])
        .env("RENEWED_LINEAGE", env.path("live"))
        .env("CERT_FULLCHAIN_PATH", env.path("acme/fullchain.cer"))
        .env("CERT_KEY_PATH", env.path("acme/a.key"))
        .run()
        .assert_code(2)
        .assert_stderr_contains("more than one ACME client")
        .assert_stderr_contains("RENEWED_LINEAGE (certbot)")
        .assert_stderr_contains("CERT_FULLCHAIN_PATH, CERT_KEY_PATH (acme.sh)");
    assert!(api.server.requests().is_empty());
}

#[test]
fn no_hook_environment_is_a_usage_error_listing_what_was_looked_for() {
    let env = Env::new();
    let out = env
        .cmd_with_creds()
        .args(["cert", "bind", "--from-hook-env", "-d", "play.example.com"])
        .run();
    out.assert_code(2);
    for var in [
        "RENEWED_LINEAGE",
        "LEGO_HOOK_CERT_PATH",
        "LEGO_CERT_PATH",
        "CERT_FULLCHAIN_PATH",
    ] {
        out.assert_stderr_contains(var);
    }
    env.cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--from-hook-env",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
        ])
        .run()
        .assert_code(2);
}

#[test]
fn match_san_binds_every_enabled_play_domain_the_names_cover() {
    let env = Env::new();
    let files = material(&["*.example.com", "other.org"]).write(&env, "");
    let api = live(&[
        ("a.example.com", true, true),
        ("b.example.com", true, false),    // disabled
        ("push.example.com", false, true), // push
        ("x.y.example.com", true, true),   // two labels under the wildcard
        ("example.com", true, true),       // the bare name is not covered
        ("other.org", true, true),
        ("z.example.com", true, true), // also given explicitly
        ("unrelated.net", true, true),
    ]);
    env.bind(&api.endpoint())
        .args(["--match-san", "-d", "z.example.com:off", "-o", "tsv"])
        .args(files.args())
        .run()
        .assert_code(0)
        .assert_stderr_contains("--match-san: 2 enabled play domains covered by the certificate");
    let sent = api.modifies();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        bound_names(&sent[0]),
        [
            ("z.example.com".to_string(), 0),
            ("a.example.com".to_string(), 1),
            ("other.org".to_string(), 1)
        ]
    );
    // The discovery asked for enabled play domains only.
    let describe = api
        .seen()
        .into_iter()
        .find(|s| s.action == "DescribeLiveDomains")
        .unwrap();
    assert_eq!(describe.body["DomainType"], 1);
    assert_eq!(describe.body["DomainStatus"], 1);
}

#[test]
fn match_san_takes_the_leafs_names_when_the_file_puts_the_intermediate_first() {
    let env = Env::new();
    let chain = material(&["*.example.com"]);
    let files = chain.write(&env, "");
    // The intermediate first: its name is no domain's, the leaf's cover a.example.com.
    env.write(
        "fullchain.pem",
        format!("{}{}", chain.inter_pem, chain.leaf_pem).as_bytes(),
    );
    let api = live(&[("a.example.com", true, true), ("other.org", true, true)]);
    env.bind(&api.endpoint())
        .args(["--match-san", "-o", "tsv"])
        .args(files.args())
        .run()
        .assert_code(0)
        .assert_stderr_contains("--match-san: 1 enabled play domain covered by the certificate");
    let sent = api.modifies();
    assert_eq!(sent.len(), 1);
    assert_eq!(bound_names(&sent[0]), [("a.example.com".to_string(), 1)]);
    // The default alias is made of the same leaf: its first name, not the intermediate's.
    let stored = api.stores();
    assert_eq!(stored.len(), 1);
    let alias = stored[0]["Alias"].as_str().unwrap();
    assert!(alias.starts_with("tclive *.example.com "), "{alias}");
}

#[test]
fn match_san_finding_nothing_says_so_and_exits_5() {
    let env = Env::new();
    let lineage = material(&["play.example.com"]).write(&env, "live").dir;
    let api = live(&[("other.example.net", true, true)]);
    env.bind(&api.endpoint())
        .env("RENEWED_LINEAGE", &lineage)
        .args(["--from-hook-env", "--match-san"])
        .run()
        .assert_code(5)
        .assert_stderr_contains(
            "warning: --match-san: no enabled play domain is covered by the certificate's names (play.example.com)",
        )
        .assert_stderr_ends_with("nothing to bind\n");
    assert!(api.modifies().is_empty());

    // The whole deploy hook, when there is something to bind.
    let api = live(&[("play.example.com", true, true)]);
    env.bind(&api.endpoint())
        .env("RENEWED_LINEAGE", &lineage)
        .args(["--from-hook-env", "--match-san"])
        .run()
        .assert_code(0);
    assert_eq!(
        bound_names(&api.modifies()[0]),
        [("play.example.com".to_string(), 1)]
    );
}

#[test]
fn match_san_needs_a_key_pair_and_no_dry_run() {
    let env = Env::new();
    env.cmd_with_creds()
        .args(["cert", "bind", "--match-san", "--cert-id", "x"])
        .run()
        .assert_code(2);
    let files = material(&["a.example.com"]).write(&env, "");
    env.cmd_with_creds()
        .args(["--dry-run", "cert", "bind", "--match-san"])
        .args(files.args())
        .run()
        .assert_code(2)
        .assert_stderr_contains("--match-san reads the domain list");
}

#[test]
fn match_san_finding_nothing_beside_explicit_domains_binds_them_and_exits_5() {
    let env = Env::new();
    let files = material(&["play.example.com"]).write(&env, "");
    // The only enabled play domain is not covered; play.example.com is disabled.
    let api = live(&[
        ("other.example.net", true, true),
        ("play.example.com", true, false),
    ]);
    env.bind(&api.endpoint())
        .args(["--match-san", "-d", "play.example.com", "-o", "tsv"])
        .args(files.args())
        .run()
        .assert_code(5)
        .assert_stderr_contains("--match-san: no enabled play domain is covered")
        .assert_stdout_eq("play.example.com\ton\tok\t\t\n");
    assert_eq!(api.modifies().len(), 1);
}

#[test]
fn match_san_with_an_empty_page_before_the_total_binds_nothing_and_exits_6() {
    // 250 covered play domains; the domain listing's second page comes back empty although
    // AllCount says 250. Before: 100 of them bound, exit 0.
    let env = Env::new();
    let mut st = LiveState::numbered(250);
    st.cut_at = Some(100);
    let api = FakeLive::start(st);
    env.bind(&api.endpoint())
        .args(env.key_pair_args(&["*.example.com"]))
        .args(["--match-san", "-o", "tsv"])
        .run()
        .assert_code(6)
        .assert_stderr_contains(
            "the domains listing (DescribeLiveDomains) is incomplete: 100 of 250 items read, then page 2 came back empty",
        )
        .assert_stdout_eq("");
    assert_eq!(
        api.modifies().len(),
        0,
        "nothing bound from a partial listing"
    );
    assert_eq!(api.state.lock().unwrap().uploads, 0);
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
            Some("UploadCertificate") => {
                r#"{"Response":{"CertificateId":"up1","RepeatCertId":"","RequestId":"u"}}"#
            }
            _ => r#"{"Response":{"MismatchedDomainNames":[],"Errors":[],"RequestId":"bind-1"}}"#,
        };
        (200, body.to_string())
    })]);
    env.bind(&api.endpoint())
        .args(env.key_pair_args(&["*.example.com"]))
        .args(["--match-san", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\n")
        .assert_stderr_contains(
            "--match-san: 1 listed domain cannot be read in full, so it was not bound: b.example.com (Status)",
        );
}

#[test]
fn match_san_runs_the_local_checks_before_any_request() {
    let env = Env::new();
    let api = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"r0"}}"#,
    )]);
    // A key that does not belong to the certificate: the key-match check fails.
    let kp = key_pair(&["a.example.com"]);
    let other = key_pair(&["a.example.com"]);
    let c = env.write("c.pem", kp.cert_pem.as_bytes());
    let k = env.write("k.pem", other.key_pem.as_bytes());
    env.bind(&api.endpoint())
        .args(["--match-san", "--cert"])
        .arg(&c)
        .arg("--key")
        .arg(&k)
        .run()
        .assert_code(3)
        .assert_stderr_contains("nothing was sent");
    assert!(
        api.requests().is_empty(),
        "DescribeLiveDomains was sent first"
    );
}
