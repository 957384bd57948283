//! What `cert bind` reads before it changes anything, and `--plan`: the account's listing (or
//! one exact read per domain, whichever costs fewer requests), the bound certificate compared
//! with the one to bind (leaf and chain), renewals that send no change request, and reads that
//! fail or come back cut short — against the stateful fake Live API and the scripted server.

use crate::common::edge::{ChainFiles, Pki};
use crate::common::fake_live::*;
use crate::common::fault::{FaultServer, json};
use crate::common::*;

/// A leaf for *.example.com issued by a test intermediate, written under `dir`.
fn wildcard_pair(env: &Env, dir: &str) -> ChainFiles {
    Pki::new("Idem")
        .chain_for(&["*.example.com"])
        .write(env, dir)
}

fn bind(env: &Env, api: &FakeLive, p: &ChainFiles, args: &[&str]) -> Outcome {
    env.bind(&api.endpoint()).args(p.args()).args(args).run()
}

#[test]
fn renewal_round_trip_binds_once_then_does_nothing() {
    let env = Env::new();
    let api = FakeLive::with_play_domains(["a.example.com", "b.example.com"]);
    let p = wildcard_pair(&env, "r1");
    let domains = ["-d", "a.example.com", "-d", "b.example.com"];

    // 0. The plan of the first bind: nothing bound can tell whether it is stored already.
    bind(&env, &api, &p, &[&domains[..], &["--plan"]].concat())
        .assert_code(0)
        .assert_stderr_contains(
            "certificate: bound to none of these domains; a bind stores it with UploadCertificate, which answers the ID of an identical certificate if one is stored already\n",
        );
    assert!(api.stores().is_empty() && api.modifies().is_empty());

    // 1. First bind: both domains, one upload.
    bind(&env, &api, &p, &[&domains[..], &["-o", "tsv"]].concat())
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n");
    assert_eq!(api.modifies().len(), 1);
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // 2. The inventory shows it.
    let out = env
        .at(&api.endpoint())
        .args(["cert", "list", "-o", "tsv"])
        .run();
    out.assert(
        out.stdout()
            .lines()
            .all(|l| l.split('\t').nth(2) == Some("upload-1")),
        "every domain lists the upload",
    );

    // 3. The plan says nothing would change.
    let out = bind(
        &env,
        &api,
        &p,
        &[&domains[..], &["--plan", "-o", "json"]].concat(),
    );
    out.assert_code(0);
    let plan = out.json();
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
    // And that the certificate is stored already, by the ID its domains show.
    out.assert_stderr_eq(
        "plan: 0 of 2 domains would change; nothing was sent\n\
         certificate: already stored in the SSL certificate service as upload-1 (bound to 2 of these domains); a bind stores no second copy\n",
    );
    assert_eq!(api.modifies().len(), 1);

    // 4. Binding again sends no change request and uploads nothing; no RequestId is named
    // when no request was sent.
    bind(&env, &api, &p, &[&domains[..], &["-o", "tsv"]].concat())
        .assert_code(0)
        .assert_stdout_eq(
            "a.example.com\ton\tunchanged\t\t\nb.example.com\ton\tunchanged\t\t\n",
        )
        .assert_stderr_ends_with(
            "2 domains: 0 ok, 0 failed, 0 mismatched, 2 unchanged\nnothing to change: no change request was sent\n",
        );
    let out = bind(&env, &api, &p, &[&domains[..], &["-o", "json"]].concat());
    out.assert_code(0);
    // One JSON document even when nothing was sent: json.load never meets an empty stdout.
    assert_eq!(
        out.json(),
        serde_json::json!({
            "Sent": false,
            "Unchanged": ["a.example.com", "b.example.com"],
            "MismatchedDomainNames": [],
            "Errors": [],
        })
    );
    assert_eq!(api.modifies().len(), 1);
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // 5. Only an HTTPS switch: sent without the certificate, so nothing is uploaded.
    bind(
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
    )
    .assert_code(0)
    .assert_stdout_eq("a.example.com\toff\tok\t\t\nb.example.com\ton\tunchanged\t\t\n");
    let sent = api.modifies();
    assert_eq!(sent.len(), 2);
    assert!(sent[1].get("CertificatePublicKey").is_none());
    assert_eq!(
        sent[1]["DomainInfos"],
        serde_json::json!([{"DomainName": "a.example.com", "Status": 0}])
    );
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // 6. --force binds anyway.
    bind(&env, &api, &p, &[&domains[..], &["--force"]].concat()).assert_code(0);
    assert_eq!(api.state.lock().unwrap().uploads, 2);
}

#[test]
fn plan_table_shows_current_and_desired() {
    let env = Env::new();
    let api = FakeLive::start(
        LiveState::with_play_domains(["a.example.com", "b.example.com"]).bound(
            "a.example.com",
            FakeBinding::to("OLD1")
                .alias("old")
                .expires("2026-12-01 03:00:00"),
        ),
    );
    env.bind(&api.endpoint())
        .args([
            "--plan",
            "--cert-id",
            "NEW2",
            "-d",
            "a.example.com",
            "-d",
            "b.example.com:off",
        ])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            "DOMAIN         ACTION  CERT ID  ALIAS  EXPIRES               HTTPS  WANT CERT  WANT HTTPS\n\
             a.example.com  bind    OLD1     old    2026-11-30T19:00:00Z  on     NEW2       on\n\
             b.example.com  bind    -        -      -                     -      NEW2       off\n",
        );
    assert!(api.modifies().is_empty());

    // By id: the same id already bound is unchanged.
    env.bind(&api.endpoint())
        .args(["--cert-id", "OLD1", "-d", "a.example.com", "-o", "tsv"])
        .run()
        .assert_stdout_eq("a.example.com\ton\tunchanged\t\t\n");
    assert!(api.modifies().is_empty());
}

/// An account with 250 bound domains, d000 … d249.example.com, all with certificate OLD and
/// HTTPS on, plus `new.example.com` with none; the listing (100 a page) is in name order.
fn account_of_250() -> FakeLive {
    let st = LiveState::numbered(250)
        .all_bound(
            FakeBinding::to("OLD")
                .alias("old")
                .expires("2027-01-01 08:00:00"),
        )
        .domain("new.example.com", true, true);
    FakeLive::start(st)
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
    out.assert_code(0);
    assert_eq!(
        reads(&api, 0),
        vec![(None, 0), (None, 100), (None, 200)],
        "listing pages, no exact reads"
    );
    // What the listing said decided the plan: four already bound to OLD with HTTPS on.
    out.assert_stdout_eq(
        "d010.example.com\ton\tunchanged\t\t\n\
         d120.example.com\ton\tunchanged\t\t\n\
         d130.example.com\ton\tunchanged\t\t\n\
         d240.example.com\ton\tunchanged\t\t\n\
         new.example.com\ton\tok\t\t\n",
    );
    assert_eq!(
        api.modifies(),
        vec![serde_json::json!({
            "DomainInfos": [{"DomainName": "new.example.com", "Status": 1}],
            "CloudCertId": "OLD"
        })]
    );

    // --verify reads back the same way.
    let seen = api.seen().len();
    let out = by_id(&[&["--cert-id", "NEW", "--verify"], &domains[..]].concat());
    out.assert_code(0);
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
    out.assert(
        out.stdout().lines().all(|l| l.contains("\tok\t")),
        "every domain is ok",
    );

    // Two domains: after the first page, the two pages left are not fewer than the one domain
    // still to find, so it is read exactly; both answers count (both already have OLD).
    let seen = api.seen().len();
    by_id(&[
        "--cert-id",
        "OLD",
        "-d",
        "d005.example.com",
        "-d",
        "d150.example.com",
    ])
    .assert_code(0)
    .assert_stdout_eq("d005.example.com\ton\tunchanged\t\t\nd150.example.com\ton\tunchanged\t\t\n");
    assert_eq!(
        reads(&api, seen),
        vec![(None, 0), (Some("d150.example.com".into()), 0)]
    );

    // One domain: one exact read, no listing.
    let seen = api.seen().len();
    by_id(&["--cert-id", "NEW", "-d", "d200.example.com"]).assert_code(0);
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
    env.bind(&api.endpoint())
        .args(["-o", "tsv", "--cert-id", "OLD", "--verify"])
        .args(["-d", "d010.example.com", "-d", "d240.example.com"])
        .args(["-d", "new.example.com"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            "d010.example.com\ton\tunchanged\t\t\n\
             d240.example.com\ton\tunchanged\t\t\n\
             new.example.com\ton\tok\t\t\n",
        )
        .assert_stderr_lacks("warning");
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
    run(
        &api,
        &[
            "-d",
            "d010.example.com",
            "-d",
            "d150.example.com",
            "-d",
            "new.example.com",
        ],
    )
    .assert_code(0)
    .assert_stdout_eq(
        "d010.example.com\ton\tunchanged\t\t\n\
         d150.example.com\ton\tunchanged\t\t\n\
         new.example.com\ton\tok\t\t\n",
    );
    assert_eq!(
        reads(&api, 0),
        vec![
            (None, 0),
            (Some("d150.example.com".into()), 0),
            (Some("new.example.com".into()), 0)
        ],
        "a full first page without TotalNum: the rest are read exactly"
    );

    // An account with no bindings at all: one listing request tells about every domain.
    let api = FakeLive::with_play_domains(["a.example.com", "b.example.com", "c.example.com"]);
    run(
        &api,
        &[
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
            "-d",
            "c.example.com",
        ],
    )
    .assert_code(0);
    assert_eq!(reads(&api, 0), vec![(None, 0)]);
    assert_eq!(api.modifies().len(), 1);
}

/// Domains renewed together share one certificate: it is read once, not once per domain.
#[test]
fn domains_sharing_a_certificate_read_it_once() {
    let env = Env::new();
    let names: Vec<String> = (0..30).map(|i| format!("s{i:02}.example.com")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let api = FakeLive::with_play_domains(&refs);
    let p = wildcard_pair(&env, "shared");
    let args = domain_args(&refs);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    bind(&env, &api, &p, &args).assert_code(0);
    let before = api.seen().len();

    // The same renewal again: nothing to change, and the bound certificate is read once.
    bind(&env, &api, &p, &args).assert_code(0);
    assert_eq!(
        api.actions()[before..],
        ["DescribeLiveDomainCertBindings", "DescribeLiveDomainCert"],
        "one page of the listing and one read of the shared certificate"
    );

    // A new certificate for all 30, with --verify: the listing, one certificate read, the
    // change, the listing again and one read of the new certificate.
    let q = wildcard_pair(&env, "renewed");
    let before = api.seen().len();
    let mut with_verify = args.clone();
    with_verify.push("--verify");
    bind(&env, &api, &q, &with_verify).assert_code(0);
    assert_eq!(
        api.actions()[before..],
        [
            "DescribeLiveDomainCertBindings",
            "DescribeLiveDomainCert",
            "UploadCertificate",
            "ModifyLiveDomainCertBindings",
            "DescribeLiveDomainCertBindings",
            "DescribeLiveDomainCert",
        ]
    );
}

const BOUND: &str = r#"{"Response":{"LiveDomainCertBindings":[{"DomainName":"a.example.com","CloudCertId":"old","Status":1,"CertExpireTime":"2030-01-01 00:00:00"}],"TotalNum":1,"RequestId":"r"}}"#;

#[test]
fn a_bound_certificate_with_escaped_line_breaks_is_still_recognised() {
    // The API's example of DomainCertInfo.HttpsCrt has literal "\n" sequences: the bound
    // certificate is the one being bound, so nothing is uploaded again.
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let escaped = pair.cert_pem.trim_end().replace('\n', "\\\\n");
    let cert_info = format!(
        r#"{{"Response":{{"DomainCertInfo":{{"HttpsCrt":"{escaped}","CloudCertId":"old"}},"RequestId":"c"}}}}"#
    );
    let api = FaultServer::start(vec![json(200, BOUND), json(200, &cert_info)]);
    env.bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .args(pair.args())
        .run()
        .assert_code(0)
        .assert_stderr_contains("nothing to change");
    assert_eq!(
        api.actions(),
        ["DescribeLiveDomainCertBindings", "DescribeLiveDomainCert"]
    );
}

#[test]
fn an_unreadable_bound_certificate_is_said_once_and_compared_by_expiry() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com", "b.example.com"]);
    let der = tclive::cert::load_cert("c", kp.cert_pem.as_bytes())
        .unwrap()
        .ders()[0]
        .clone();
    let utc = tclive::check::not_after(&der).unwrap();
    let beijing = time::OffsetDateTime::parse(&utc, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .to_offset(time::macros::offset!(+8))
        .format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap();
    let listing = |expiry: &str| {
        format!(
            r#"{{"Response":{{"LiveDomainCertBindings":[{{"DomainName":"a.example.com","CloudCertId":"up1","Status":1,"CertExpireTime":"{expiry}"}},{{"DomainName":"b.example.com","CloudCertId":"up1","Status":1,"CertExpireTime":"{expiry}"}}],"TotalNum":2,"RequestId":"r"}}}}"#
        )
    };
    let garbage = r#"{"Response":{"DomainCertInfo":{"HttpsCrt":"<not a certificate>","CloudCertId":"up1"},"RequestId":"c"}}"#;
    let c = env.write("c.pem", kp.cert_pem.as_bytes());
    let k = env.write("k.pem", kp.key_pem.as_bytes());
    let run = |api: &FaultServer| {
        env.bind(&api.endpoint())
            .args(["-d", "a.example.com", "-d", "b.example.com", "--cert"])
            .arg(&c)
            .arg("--key")
            .arg(&k)
            .run()
    };

    // Same expiry: already bound; one warning for both domains; nothing uploaded.
    let api = FaultServer::start(vec![json(200, &listing(&beijing)), json(200, garbage)]);
    let out = run(&api);
    out.assert_code(0)
        .assert(
            out.stderr()
                .matches("could not be read from the API")
                .count()
                == 1,
            "one warning for both domains",
        )
        .assert_stderr_contains("a.example.com and 1 more domain")
        .assert_stderr_contains("nothing to change");
    assert_eq!(
        api.actions(),
        ["DescribeLiveDomainCertBindings", "DescribeLiveDomainCert"]
    );

    // Another expiry: a different certificate is bound, so this one is bound.
    let api = FaultServer::start(vec![
        json(200, &listing("2030-01-01 08:00:00")),
        json(200, garbage),
        json(
            200,
            r#"{"Response":{"CertificateId":"up2","RepeatCertId":"","RequestId":"u"}}"#,
        ),
        json(200, &ok_answer("")),
    ]);
    run(&api).assert_code(0);
    assert!(
        api.actions()
            .contains(&"ModifyLiveDomainCertBindings".to_string())
    );
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
        let mut st = LiveState::bound_to_old(250);
        st.cut_at = cut;
        st.ignore_offset = repeat;
        let api = FakeLive::start(st);
        let file = env.domains_file(200);
        env.bind(&api.endpoint())
            .args(["--cert-id", "NEW", "--domains-file", &file, "-o", "tsv"])
            .run()
            .assert_code(6)
            .assert_stderr_contains(format!(
                "the bindings listing (DescribeLiveDomainCertBindings) is incomplete: 100 of 250 items read, {what}"
            ))
            .assert_stdout_eq("");
        assert_eq!(api.modifies().len(), 0);
    }
}

#[test]
fn rebinding_the_same_leaf_with_the_missing_intermediate_is_a_change() {
    // Idempotence compares the chain, not only the leaf.
    let env = Env::new();
    let api = FakeLive::with_play_domains(["a.example.com", "b.example.com"]);
    let c = Pki::new("Chain")
        .chain_for(&["*.example.com"])
        .write(&env, "");
    let bind = |cert: &std::path::Path, args: &[&str]| {
        env.bind(&api.endpoint())
            .arg("--cert")
            .arg(cert)
            .arg("--key")
            .arg(&c.key)
            .args(["-d", "a.example.com", "-d", "b.example.com"])
            .args(args)
            .run()
    };
    // The leaf alone is bound (the chain check warns of the missing intermediate).
    bind(&c.leaf_only, &["-o", "tsv"]).assert_code(0);
    assert_eq!(api.state.lock().unwrap().uploads, 1);

    // The plan says why the same leaf is bound again.
    let out = bind(&c.full, &["--plan", "-o", "json"]);
    out.assert_code(0);
    for p in out.json().as_array().unwrap() {
        assert_eq!(p["action"], "bind", "{p}");
        assert_eq!(p["reason"], "same leaf, different chain", "{p}");
        assert_eq!(p["current"]["chain"].as_array().unwrap().len(), 1, "{p}");
    }
    bind(&c.full, &["--plan"]).assert_stderr_contains(
        "a.example.com: same leaf, different chain (1 certificate bound, 2 to send)",
    );

    // Before: "unchanged", exit 0, nothing sent, and viewers still miss the intermediate.
    bind(&c.full, &["--verify", "-o", "tsv"])
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n");
    assert_eq!(api.state.lock().unwrap().uploads, 2);

    // Now the whole chain is bound: unchanged.
    bind(&c.full, &["-o", "tsv"])
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tunchanged\t\t\nb.example.com\ton\tunchanged\t\t\n");
    assert_eq!(api.state.lock().unwrap().uploads, 2);
}
