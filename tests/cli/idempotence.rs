//! Idempotent renewals against the stateful fake Live API: bind → list → plan → bind again
//! (unchanged, no request sent) → verify, and --verify catching a domain the API skipped.

use crate::common::fake_live::*;
use crate::common::pki::*;
use crate::common::*;
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
    // One type per field: HTTPS is a word on both sides, fingerprints in the one form.
    assert_eq!(plan[0]["current"]["https"], "on");
    assert_eq!(
        plan[0]["current"]["fingerprint"],
        plan[0]["desired"]["cert"]
    );
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
    assert!(stderr(&out).ends_with(
        "2 domains: 0 ok, 0 failed, 0 mismatched, 2 unchanged\nnothing to change: no change request was sent\n"
    ), "no RequestId when no request was sent: {}", stderr(&out));
    let out = bind(&env, &api, &p, &[&domains[..], &["-o", "json"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // One JSON document even when nothing was sent: json.load never meets an empty stdout.
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {}", stdout(&out)));
    assert_eq!(
        doc,
        serde_json::json!({
            "Sent": false,
            "Unchanged": ["a.example.com", "b.example.com"],
            "MismatchedDomainNames": [],
            "Errors": [],
        })
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

#[test]
fn verify_shows_the_https_state_a_kept_domain_reads_back() {
    let env = Env::new();
    let api = live(&["a.example.com", "b.example.com"]);
    for (name, https) in [("a.example.com", 0), ("b.example.com", 1)] {
        api.state.lock().unwrap().bindings.insert(
            name.into(),
            FakeBinding {
                cloud_cert_id: "OLD".into(),
                alias: "".into(),
                https,
                expire: "2026-12-01 03:00:00".into(),
                update: None,
                pem: None,
            },
        );
    }
    let p = pair(&env, "keep");
    let out = bind(
        &env,
        &api,
        &p,
        &[
            "-d",
            "a.example.com:keep",
            "-d",
            "b.example.com:keep",
            "--verify",
            "-o",
            "tsv",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\toff\tok\t\t\nb.example.com\ton\tok\t\t\n",
        "`keep` is what was asked; --verify shows what the domain has"
    );
    // Without --verify nothing was read back: the column says what was asked.
    let p2 = pair(&env, "keep2");
    let out = bind(&env, &api, &p2, &["-d", "a.example.com:keep", "-o", "tsv"]);
    assert_eq!(stdout(&out), "a.example.com\tkeep\tok\t\t\n");
}

/// An account with 250 bound domains, d000 … d249.example.com, all with certificate OLD and
/// HTTPS on, plus `new.example.com` with none; the listing (100 a page) is in name order.
fn account_of_250() -> FakeLive {
    let mut names: Vec<String> = (0..250).map(|i| format!("d{i:03}.example.com")).collect();
    names.push("new.example.com".into());
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let api = live(&refs);
    {
        let mut st = api.state.lock().unwrap();
        for n in &names[..250] {
            st.bindings.insert(
                n.clone(),
                FakeBinding {
                    cloud_cert_id: "OLD".into(),
                    alias: "old".into(),
                    https: 1,
                    expire: "2027-01-01 08:00:00".into(),
                    update: None,
                    pem: None,
                },
            );
        }
    }
    api
}

/// The reads of one run: `(DomainName, Offset)` of each DescribeLiveDomainCertBindings.
fn reads(api: &FakeLive, from: usize) -> Vec<(Option<String>, u64)> {
    api.seen()[from..]
        .iter()
        .filter(|s| s.action == "DescribeLiveDomainCertBindings")
        .map(|s| {
            (
                s.body["DomainName"].as_str().map(str::to_string),
                s.body["Offset"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn many_domains_are_read_from_the_listing_not_one_by_one() {
    let env = Env::new();
    let api = account_of_250();
    let by_id = |args: &[&str]| {
        env.bind(&api.endpoint())
            .args(["-o", "tsv"])
            .args(args)
            .run()
    };

    // Five domains spread over all three pages (one without a binding): the three pages are
    // fewer requests than five exact reads, and the last page settles new.example.com.
    let domains = [
        "-d",
        "d010.example.com",
        "-d",
        "d120.example.com",
        "-d",
        "d130.example.com",
        "-d",
        "d240.example.com",
        "-d",
        "new.example.com",
    ];
    let out = by_id(&[&["--cert-id", "OLD"], &domains[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        reads(&api, 0),
        vec![(None, 0), (None, 100), (None, 200)],
        "listing pages, no exact reads"
    );
    // What the listing said decided the plan: four already bound to OLD with HTTPS on.
    assert_eq!(
        stdout(&out),
        "d010.example.com\ton\tunchanged\t\t\n\
         d120.example.com\ton\tunchanged\t\t\n\
         d130.example.com\ton\tunchanged\t\t\n\
         d240.example.com\ton\tunchanged\t\t\n\
         new.example.com\ton\tok\t\t\n"
    );
    assert_eq!(
        modifies(&api),
        vec![serde_json::json!({
            "DomainInfos": [{"DomainName": "new.example.com", "Status": 1}],
            "CloudCertId": "OLD"
        })]
    );

    // --verify reads back the same way.
    let seen = api.seen().len();
    let out = by_id(&[&["--cert-id", "NEW", "--verify"], &domains[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        reads(&api, seen),
        vec![
            (None, 0),
            (None, 100),
            (None, 200),
            (None, 0),
            (None, 100),
            (None, 200)
        ],
        "reads before the bind, then the read-back"
    );
    assert!(
        stdout(&out).lines().all(|l| l.contains("\tok\t")),
        "{}",
        stdout(&out)
    );

    // Two domains: after the first page, the two pages left are not fewer than the one domain
    // still to find, so it is read exactly; both answers count (both already have OLD).
    let seen = api.seen().len();
    let out = by_id(&[
        "--cert-id",
        "OLD",
        "-d",
        "d005.example.com",
        "-d",
        "d150.example.com",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        reads(&api, seen),
        vec![(None, 0), (Some("d150.example.com".into()), 0)]
    );
    assert_eq!(
        stdout(&out),
        "d005.example.com\ton\tunchanged\t\t\nd150.example.com\ton\tunchanged\t\t\n"
    );

    // One domain: one exact read, no listing.
    let seen = api.seen().len();
    let out = by_id(&["--cert-id", "NEW", "-d", "d200.example.com"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        reads(&api, seen),
        vec![(Some("d200.example.com".into()), 0)]
    );
}

#[test]
fn a_key_that_may_not_list_the_account_reads_each_domain() {
    let env = Env::new();
    let api = account_of_250();
    api.state.lock().unwrap().refuse_listing = true;
    let out = env
        .bind(&api.endpoint())
        .args(["-o", "tsv", "--cert-id", "OLD", "--verify"])
        .args(["-d", "d010.example.com", "-d", "d240.example.com"])
        .args(["-d", "new.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "d010.example.com\ton\tunchanged\t\t\n\
         d240.example.com\ton\tunchanged\t\t\n\
         new.example.com\ton\tok\t\t\n"
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let exact = |n: &str| (Some(n.to_string()), 0);
    assert_eq!(
        reads(&api, 0),
        vec![
            (None, 0),
            exact("d010.example.com"),
            exact("d240.example.com"),
            exact("new.example.com"),
            exact("new.example.com"),
        ],
        "the refused listing, the exact reads, then the read-back of the one bound domain"
    );
}

#[test]
fn a_listing_without_its_length_is_not_guessed_and_an_empty_one_settles_everything() {
    let env = Env::new();
    let api = account_of_250();
    api.state.lock().unwrap().omit_total = true;
    let run = |api: &FakeLive, args: &[&str]| {
        env.bind(&api.endpoint())
            .args(["-o", "tsv", "--cert-id", "OLD"])
            .args(args)
            .run()
    };
    let out = run(
        &api,
        &[
            "-d",
            "d010.example.com",
            "-d",
            "d150.example.com",
            "-d",
            "new.example.com",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        reads(&api, 0),
        vec![
            (None, 0),
            (Some("d150.example.com".into()), 0),
            (Some("new.example.com".into()), 0)
        ],
        "a full first page without TotalNum: the rest are read exactly"
    );
    assert_eq!(
        stdout(&out),
        "d010.example.com\ton\tunchanged\t\t\n\
         d150.example.com\ton\tunchanged\t\t\n\
         new.example.com\ton\tok\t\t\n"
    );

    // An account with no bindings at all: one listing request tells about every domain.
    let api = live(&["a.example.com", "b.example.com", "c.example.com"]);
    let out = run(
        &api,
        &[
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
            "-d",
            "c.example.com",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(reads(&api, 0), vec![(None, 0)]);
    assert_eq!(modifies(&api).len(), 1);
}

/// Domains renewed together share one certificate: it is read once, not once per domain.
#[test]
fn domains_sharing_a_certificate_read_it_once() {
    let env = Env::new();
    let names: Vec<String> = (0..30).map(|i| format!("s{i:02}.example.com")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let api = live(&refs);
    let p = pair(&env, "shared");
    let mut args: Vec<&str> = Vec::new();
    for n in &refs {
        args.extend(["-d", n]);
    }
    let out = bind(&env, &api, &p, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = api.seen().len();

    // The same renewal again: nothing to change, and the bound certificate is read once.
    let out = bind(&env, &api, &p, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let again: Vec<String> = api.seen()[before..]
        .iter()
        .map(|s| s.action.clone())
        .collect();
    assert_eq!(
        again,
        ["DescribeLiveDomainCertBindings", "DescribeLiveDomainCert"],
        "one page of the listing and one read of the shared certificate"
    );

    // A new certificate for all 30, with --verify: the listing, one certificate read, the
    // change, the listing again and one read of the new certificate.
    let q = pair(&env, "renewed");
    let before = api.seen().len();
    let mut with_verify = args.clone();
    with_verify.push("--verify");
    let out = bind(&env, &api, &q, &with_verify);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let renewal: Vec<String> = api.seen()[before..]
        .iter()
        .map(|s| s.action.clone())
        .collect();
    assert_eq!(
        renewal,
        [
            "DescribeLiveDomainCertBindings",
            "DescribeLiveDomainCert",
            "ModifyLiveDomainCertBindings",
            "DescribeLiveDomainCertBindings",
            "DescribeLiveDomainCert",
        ]
    );
}
