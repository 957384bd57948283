//! Idempotent renewals against the stateful fake Live API: bind → list → plan → bind again
//! (unchanged, no request sent) → verify, and --verify catching a domain the API skipped.

mod common;

use common::fake_live::*;
use common::pki::*;
use common::*;
use rcgen::KeyPair;

fn live(names: &[&str]) -> FakeLive {
    let mut st = LiveState::default();
    for n in names {
        st.domains.push(FakeDomain {
            name: n.to_string(),
            play: true,
            enabled: true,
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

struct Pair {
    cert: std::path::PathBuf,
    key: std::path::PathBuf,
}

fn pair(env: &Env, tag: &str) -> Pair {
    let root = root("Idem Root");
    let inter = intermediate("Idem Intermediate", &root);
    let key = KeyPair::generate().unwrap();
    let leaf = leaf(
        &LeafSpec {
            names: &["*.example.com"],
            ..LeafSpec::default()
        },
        &key,
        &inter,
    );
    register_private_key(&key.serialize_pem());
    Pair {
        cert: env.write(
            &format!("{tag}/fullchain.pem"),
            format!("{leaf}{}", inter.pem).as_bytes(),
        ),
        key: env.write(
            &format!("{tag}/privkey.pem"),
            key.serialize_pem().as_bytes(),
        ),
    }
}

fn bind(env: &Env, api: &FakeLive, p: &Pair, args: &[&str]) -> std::process::Output {
    env.bind(&api.endpoint())
        .args(["--cert"])
        .arg(&p.cert)
        .arg("--key")
        .arg(&p.key)
        .args(args)
        .run()
}

#[test]
fn renewal_round_trip_binds_once_then_does_nothing() {
    let env = Env::new();
    let api = live(&["a.example.com", "b.example.com"]);
    let p = pair(&env, "r1");
    let domains = ["-d", "a.example.com", "-d", "b.example.com"];

    // 1. First bind: both domains, one upload.
    let out = bind(&env, &api, &p, &[&domains[..], &["-o", "tsv"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n"
    );
    assert_eq!(modifies(&api).len(), 1);
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // 2. The inventory shows it.
    let out = env
        .cmd_with_creds()
        .args(["cert", "list", "-o", "tsv", "--endpoint", &api.endpoint()])
        .run();
    let text = stdout(&out);
    assert!(
        text.lines()
            .all(|l| l.split('\t').nth(2) == Some("upload-1")),
        "{text}"
    );

    // 3. The plan says nothing would change.
    let out = bind(
        &env,
        &api,
        &p,
        &[&domains[..], &["--plan", "-o", "json"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan[0]["domain"], "a.example.com");
    assert_eq!(plan[0]["action"], "unchanged");
    assert_eq!(plan[0]["current"]["cert_id"], "upload-1");
    assert_eq!(plan[0]["current"]["https"], 1);
    assert!(
        plan[0]["desired"]["cert"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(plan[0]["desired"]["https"], "on");
    assert_eq!(
        stderr(&out),
        "plan: 0 of 2 domains would change; nothing was sent\n"
    );
    assert_eq!(modifies(&api).len(), 1);

    // 4. Binding again sends no change request and uploads nothing.
    let out = bind(&env, &api, &p, &[&domains[..], &["-o", "tsv"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tunchanged\t\t\nb.example.com\ton\tunchanged\t\t\n"
    );
    assert!(stderr(&out).ends_with("nothing to change: no change request was sent\n"));
    let out = bind(&env, &api, &p, &[&domains[..], &["-o", "json"]].concat());
    assert_eq!(
        stdout(&out),
        "",
        "json: nothing when no change request was needed"
    );
    assert_eq!(modifies(&api).len(), 1);
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // 5. Only an HTTPS switch: sent without the certificate, so nothing is uploaded.
    let out = bind(
        &env,
        &api,
        &p,
        &[
            "-d",
            "a.example.com:off",
            "-d",
            "b.example.com",
            "--verify",
            "-o",
            "tsv",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\toff\tok\t\t\nb.example.com\ton\tunchanged\t\t\n"
    );
    let sent = modifies(&api);
    assert_eq!(sent.len(), 2);
    assert!(sent[1].get("CertificatePublicKey").is_none());
    assert_eq!(
        sent[1]["DomainInfos"],
        serde_json::json!([{"DomainName": "a.example.com", "Status": 0}])
    );
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // 6. --force binds anyway.
    let out = bind(&env, &api, &p, &[&domains[..], &["--force"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(api.state.lock().unwrap().uploads, 2);
}

#[test]
fn plan_table_shows_current_and_desired() {
    let env = Env::new();
    let api = live(&["a.example.com", "b.example.com"]);
    {
        let mut st = api.state.lock().unwrap();
        st.bindings.insert(
            "a.example.com".into(),
            FakeBinding {
                cloud_cert_id: "OLD1".into(),
                alias: "old".into(),
                https: 1,
                expire: "2026-12-01 03:00:00".into(),
                update: None,
                pem: None,
            },
        );
    }
    let out = env
        .bind(&api.endpoint())
        .args([
            "--plan",
            "--cert-id",
            "NEW2",
            "-d",
            "a.example.com",
            "-d",
            "b.example.com:off",
        ])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "DOMAIN         ACTION  CERT ID  ALIAS  EXPIRES               HTTPS  WANT CERT  WANT HTTPS\n\
         a.example.com  bind    OLD1     old    2026-11-30T19:00:00Z  on     NEW2       on\n\
         b.example.com  bind    -        -      -                     -      NEW2       off\n"
    );
    assert!(modifies(&api).is_empty());

    // By id: the same id already bound is unchanged.
    let out = env
        .bind(&api.endpoint())
        .args(["--cert-id", "OLD1", "-d", "a.example.com", "-o", "tsv"])
        .run();
    assert_eq!(stdout(&out), "a.example.com\ton\tunchanged\t\t\n");
    assert!(modifies(&api).is_empty());
}

#[test]
fn verify_catches_a_domain_the_api_silently_skipped() {
    let env = Env::new();
    let api = live(&["a.example.com", "b.example.com"]);
    api.state
        .lock()
        .unwrap()
        .ignore
        .push("b.example.com".into());
    let p = pair(&env, "v");
    let out = bind(
        &env,
        &api,
        &p,
        &[
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
            "--verify",
            "-o",
            "tsv",
        ],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tok\t\t\nb.example.com\ton\tunverified\t\treads back with no certificate bound\n"
    );
    assert!(
        stderr(&out).contains("2 domains: 1 ok, 0 failed, 0 mismatched, 1 unverified"),
        "{}",
        stderr(&out)
    );
    // The read-back compared the bound certificate itself.
    assert!(
        api.seen()
            .iter()
            .any(|s| s.action == "DescribeLiveDomainCert")
    );
}
