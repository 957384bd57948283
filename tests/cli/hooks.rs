//! ACME hook mode (`--from-hook-env`) and `--match-san`, against the stateful fake Live API.

use crate::common::fake_live::*;
use crate::common::pki::*;
use crate::common::*;
use rcgen::KeyPair;

struct Material {
    chain: String,
    key: String,
}

fn material(names: &[&str]) -> Material {
    let root = root("Hook Root");
    let inter = intermediate("Hook Intermediate", &root);
    let key = KeyPair::generate().unwrap();
    let leaf = leaf(
        &LeafSpec {
            names,
            ..LeafSpec::default()
        },
        &key,
        &inter,
    );
    register_private_key(&key.serialize_pem());
    Material {
        chain: format!("{leaf}{}", inter.pem),
        key: key.serialize_pem(),
    }
}

fn live(domains: &[(&str, bool, bool)]) -> FakeLive {
    let mut st = LiveState::default();
    for (name, play, enabled) in domains {
        st.domains.push(FakeDomain {
            name: name.to_string(),
            play: *play,
            enabled: *enabled,
        });
    }
    FakeLive::start(st)
}

fn modifies(api: &FakeLive) -> Vec<serde_json::Value> {
    api.seen()
        .into_iter()
        .filter(|s| s.action == "ModifyLiveDomainCertBindings")
        .map(|s| s.body)
        .collect()
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
    env.write("letsencrypt/live/play/fullchain.pem", m.chain.as_bytes());
    env.write("letsencrypt/live/play/privkey.pem", m.key.as_bytes());
    let lego_crt = env.write("lego/certificates/play.example.com.crt", m.chain.as_bytes());
    let lego_key = env.write("lego/certificates/play.example.com.key", m.key.as_bytes());
    let acme_full = env.write("acme/play.example.com/fullchain.cer", m.chain.as_bytes());
    let acme_key = env.write(
        "acme/play.example.com/play.example.com.key",
        m.key.as_bytes(),
    );
    let lineage = env.path("letsencrypt/live/play");
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
        let mut cmd = env.cmd_with_creds();
        for (k, v) in &vars {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["cert", "bind", "--from-hook-env", "-d", "play.example.com"])
            .args(["--endpoint", &api.endpoint()])
            .run();
        assert_eq!(out.status.code(), Some(0), "{client}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with(&format!("using {client}'s certificate ")),
            "{client}: {}",
            stderr(&out)
        );
        let sent = modifies(&api);
        assert_eq!(sent.len(), 1, "{client}");
        assert_eq!(
            sent[0]["CertificatePublicKey"],
            m.chain.as_str(),
            "{client}"
        );
        assert_eq!(sent[0]["CertificatePrivateKey"], m.key.as_str(), "{client}");
    }
}

#[test]
fn two_clients_hook_variables_are_refused_before_anything_is_sent() {
    let env = Env::new();
    let api = FakeApi::start();
    let out = env
        .bind(&api.endpoint())
        .args(["--from-hook-env", "-d", "play.example.com"])
        .env("RENEWED_LINEAGE", env.path("live"))
        .env("CERT_FULLCHAIN_PATH", env.path("acme/fullchain.cer"))
        .env("CERT_KEY_PATH", env.path("acme/a.key"))
        .run();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("more than one ACME client"), "{err}");
    assert!(err.contains("RENEWED_LINEAGE (certbot)"), "{err}");
    assert!(
        err.contains("CERT_FULLCHAIN_PATH, CERT_KEY_PATH (acme.sh)"),
        "{err}"
    );
    assert!(api.server.requests().is_empty());
}

#[test]
fn no_hook_environment_is_a_usage_error_listing_what_was_looked_for() {
    let env = Env::new();
    let out = env
        .cmd_with_creds()
        .args(["cert", "bind", "--from-hook-env", "-d", "play.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for var in [
        "RENEWED_LINEAGE",
        "LEGO_HOOK_CERT_PATH",
        "LEGO_CERT_PATH",
        "CERT_FULLCHAIN_PATH",
    ] {
        assert!(err.contains(var), "{err}");
    }
    let out = env
        .cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--from-hook-env",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
        ])
        .run();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn match_san_binds_every_enabled_play_domain_the_names_cover() {
    let m = material(&["*.example.com", "other.org"]);
    let env = Env::new();
    let cert = env.write("fullchain.pem", m.chain.as_bytes());
    let key = env.write("privkey.pem", m.key.as_bytes());
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
    let out = env
        .cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--match-san",
            "-d",
            "z.example.com:off",
            "-o",
            "tsv",
        ])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = modifies(&api);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        bound_names(&sent[0]),
        [
            ("z.example.com".to_string(), 0),
            ("a.example.com".to_string(), 1),
            ("other.org".to_string(), 1)
        ]
    );
    assert!(
        stderr(&out).contains("--match-san: 2 enabled play domains covered by the certificate")
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
fn match_san_finding_nothing_says_so_and_exits_5() {
    let m = material(&["play.example.com"]);
    let env = Env::new();
    env.write("live/fullchain.pem", m.chain.as_bytes());
    env.write("live/privkey.pem", m.key.as_bytes());
    let api = live(&[("other.example.net", true, true)]);
    let out = env
        .bind(&api.endpoint())
        .env("RENEWED_LINEAGE", env.path("live"))
        .args(["--from-hook-env", "--match-san"])
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: --match-san: no enabled play domain is covered by the certificate's names (play.example.com)"),
        "{err}"
    );
    assert!(err.ends_with("nothing to bind\n"), "{err}");
    assert!(modifies(&api).is_empty());

    // The whole deploy hook, when there is something to bind.
    let api = live(&[("play.example.com", true, true)]);
    let out = env
        .bind(&api.endpoint())
        .env("RENEWED_LINEAGE", env.path("live"))
        .args(["--from-hook-env", "--match-san"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        bound_names(&modifies(&api)[0]),
        [("play.example.com".to_string(), 1)]
    );
}

#[test]
fn match_san_needs_a_key_pair_and_no_dry_run() {
    let env = Env::new();
    let out = env
        .cmd_with_creds()
        .args(["cert", "bind", "--match-san", "--cert-id", "x"])
        .run();
    assert_eq!(out.status.code(), Some(2));
    let m = material(&["a.example.com"]);
    let cert = env.write("c.pem", m.chain.as_bytes());
    let key = env.write("k.pem", m.key.as_bytes());
    let out = env
        .cmd_with_creds()
        .args(["--dry-run", "cert", "bind", "--match-san"])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .run();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--match-san reads the domain list"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn match_san_finding_nothing_beside_explicit_domains_binds_them_and_exits_5() {
    let m = material(&["play.example.com"]);
    let env = Env::new();
    let cert = env.write("c.pem", m.chain.as_bytes());
    let key = env.write("k.pem", m.key.as_bytes());
    // The only enabled play domain is not covered; play.example.com is disabled.
    let api = live(&[
        ("other.example.net", true, true),
        ("play.example.com", true, false),
    ]);
    let out = env
        .cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--match-san",
            "-d",
            "play.example.com",
            "-o",
            "tsv",
        ])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("--match-san: no enabled play domain is covered"));
    assert_eq!(stdout(&out), "play.example.com\ton\tok\t\t\n");
    assert_eq!(modifies(&api).len(), 1);
}
