//! `tclive cert prune` and `cert unbind --retire-old` through the built binary against the fake
//! Live and SSL services: leftovers of earlier renewals (uploaded, bound to no Live domain,
//! expired or superseded by another stored certificate) are shown as a plan, deleted or muted
//! only with --yes, and nothing else is ever touched; listings that lie retire nothing.

use serde_json::json;

use crate::common::fake_live::*;
use crate::common::fake_ssl::{StoredCert, TaskPlan};
use crate::common::*;

const PAST: &str = "2020-06-01 08:00:00";
const SOON: &str = "2090-01-10 08:00:00";
const LATER: &str = "2090-06-01 08:00:00";
const LATEST: &str = "2090-09-01 08:00:00";

/// a bound to new-1, b to b-old (which new-1 supersedes); exp-1 expired, old-1 superseded by
/// new-1, cd-1 not covered by anything (c-2 lacks d), c-2 the latest for c.
fn account() -> LiveState {
    let mut st = LiveState::with_play_domains(["a.example.com", "b.example.com"])
        .bound("a.example.com", FakeBinding::to("new-1"))
        .bound("b.example.com", FakeBinding::to("b-old"));
    st.stored = vec![
        StoredCert::uploaded("exp-1", &["a.example.com"], PAST),
        StoredCert::uploaded("old-1", &["a.example.com", "b.example.com"], SOON),
        StoredCert::uploaded("new-1", &["a.example.com", "b.example.com"], LATER),
        StoredCert::uploaded("b-old", &["b.example.com"], SOON),
        StoredCert::uploaded("cd-1", &["c.example.com", "d.example.com"], SOON),
        StoredCert::uploaded("c-2", &["c.example.com"], LATEST),
    ];
    st
}

fn prune(env: &Env, api: &FakeLive) -> assert_cmd::Command {
    let mut c = env.cmd_with_creds();
    c.env("TCLIVE_SSL_ENDPOINT", api.endpoint()).args([
        "cert",
        "prune",
        "--endpoint",
        &api.endpoint(),
    ]);
    c
}

fn stored(api: &FakeLive) -> Vec<String> {
    let st = api.state.lock().unwrap();
    st.stored.iter().map(|c| c.id.clone()).collect()
}

fn changes(api: &FakeLive) -> Vec<String> {
    api.actions()
        .into_iter()
        .filter(|a| {
            a.starts_with("Delete") && a != "DescribeDeleteCertificatesTaskResult"
                || a.starts_with("Modify")
                || a.starts_with("UnBind")
        })
        .collect()
}

fn line(id: &str, names: &str, end: &str, action: &str, result: &str) -> String {
    format!("{id}\talias of {id}\t{names}\t{end}\t{action}\t{result}\n")
}

const AB: &str = "a.example.com,b.example.com";
const CURRENT: &str =
    "kept: current: no other stored certificate covers its names and expires later";

/// The rows of [`account`], with the results of the certificates selected.
fn rows(exp: &str, old: &str, action: &str) -> String {
    [
        line("exp-1", "a.example.com", PAST, action, exp),
        line("old-1", AB, SOON, action, old),
        line(
            "new-1",
            AB,
            LATER,
            "keep",
            "kept: still bound to a Live domain",
        ),
        line(
            "b-old",
            "b.example.com",
            SOON,
            "keep",
            "kept: still bound to a Live domain",
        ),
        line("cd-1", "c.example.com,d.example.com", SOON, "keep", CURRENT),
        line("c-2", "c.example.com", LATEST, "keep", CURRENT),
    ]
    .concat()
}

const EXPIRED: &str = "expired 2020-06-01T00:00:00Z";
const SUPERSEDED: &str = "superseded by new-1 (expires 2090-06-01T00:00:00Z)";

#[test]
fn without_yes_the_plan_says_what_would_go_and_why_and_nothing_changes() {
    let env = Env::new();
    let api = FakeLive::start(account());
    prune(&env, &api)
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(rows(
            &format!("would delete: {EXPIRED}"),
            &format!("would delete: {SUPERSEDED}"),
            "delete",
        ))
        .assert_stderr_contains(
            "plan: 6 uploaded certificates: 2 would be deleted, 4 kept; nothing was changed: run it again with --yes to delete them",
        );
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
    assert_eq!(stored(&api).len(), 6);
    // The whole listing of uploaded certificates, 1000 a page, and every Live binding.
    let describe: Vec<_> = api
        .seen()
        .into_iter()
        .filter(|s| s.action == "DescribeCertificates")
        .collect();
    assert_eq!(describe.len(), 1);
    assert_eq!(
        describe[0].body,
        json!({"Offset": 0, "Limit": 1000, "FilterSource": "upload"})
    );
    assert_eq!(
        api.actions()
            .iter()
            .filter(|a| *a == "DescribeLiveDomainCertBindings")
            .count(),
        1
    );
}

#[test]
fn mute_without_yes_is_a_plan_of_mutes() {
    let env = Env::new();
    let api = FakeLive::start(account());
    prune(&env, &api)
        .args(["--mute", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(rows(
            &format!("would mute: {EXPIRED}"),
            &format!("would mute: {SUPERSEDED}"),
            "mute",
        ))
        .assert_stderr_contains(
            "2 would be muted, 4 kept; nothing was changed: run it again with --yes to mute them",
        );
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
}

#[test]
fn yes_deletes_the_leftovers_after_the_service_checked_other_products() {
    let env = Env::new();
    let api = FakeLive::start(account());
    prune(&env, &api)
        .args(["--yes", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(rows(
            &format!("deleted: {EXPIRED}"),
            &format!("deleted: {SUPERSEDED}"),
            "delete",
        ))
        .assert_stderr_contains("prune: 6 uploaded certificates: 2 deleted, 4 kept by the rules");
    assert_eq!(stored(&api), ["new-1", "b-old", "cd-1", "c-2"]);
    let delete = api
        .seen()
        .into_iter()
        .find(|s| s.action == "DeleteCertificates")
        .unwrap();
    assert_eq!(
        delete.body,
        json!({"CertificateIds": ["exp-1", "old-1"], "IsSync": true})
    );
    assert_eq!(changes(&api), ["DeleteCertificates"]);
}

#[test]
fn mute_switches_off_the_notices_of_the_leftovers_and_skips_those_muted_already() {
    let env = Env::new();
    let mut st = account();
    st.retire.muted = vec!["exp-1".into()];
    let api = FakeLive::start(st);
    prune(&env, &api)
        .args(["--yes", "--mute", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            rows("muted already: no expiry notices", "x", "mute").replace(
                "\tx\n",
                &format!("\tmuted: no more expiry notices: {SUPERSEDED}\n"),
            ),
        )
        .assert_stderr_contains("2 muted, 4 kept by the rules");
    let mute = api
        .seen()
        .into_iter()
        .find(|s| s.action == "ModifyCertificatesExpiringNotificationSwitch")
        .unwrap();
    assert_eq!(
        mute.body,
        json!({"CertificateIds": ["old-1"], "SwitchStatus": 1})
    );
    assert_eq!(stored(&api).len(), 6, "mute deletes nothing");
}

#[test]
fn a_leftover_another_product_uses_stays_and_the_exit_code_is_7() {
    let env = Env::new();
    let mut st = account();
    st.retire.plans.insert(
        "old-1".into(),
        TaskPlan::used_by(&["cdn.example.com"], "bound to CDN"),
    );
    let api = FakeLive::start(st);
    prune(&env, &api)
        .args(["--yes", "-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains(line(
            "old-1",
            AB,
            SOON,
            "delete",
            "kept: still used by another cloud resource (cdn.example.com): bound to CDN",
        ))
        .assert_stderr_contains(
            "1 deleted, 4 kept by the rules; 1 selected stayed (see their rows)",
        );
    assert!(stored(&api).contains(&"old-1".to_string()));
    assert!(!stored(&api).contains(&"exp-1".to_string()));
}

#[test]
fn search_narrows_the_rows_but_every_stored_certificate_can_supersede() {
    let env = Env::new();
    let api = FakeLive::start(account());
    prune(&env, &api)
        .args(["--search", "OLD-1", "--yes", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(line(
            "old-1",
            AB,
            SOON,
            "delete",
            &format!("deleted: {SUPERSEDED}"),
        ))
        .assert_stderr_contains("prune: 1 uploaded certificate (6 listed; these match --search old-1): 1 deleted, 0 kept");
    assert_eq!(stored(&api).len(), 5);
    // By name too: c.example.com's two, both current.
    prune(&env, &api)
        .args(["--search", "c.example", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            [
                line("cd-1", "c.example.com,d.example.com", SOON, "keep", CURRENT),
                line("c-2", "c.example.com", LATEST, "keep", CURRENT),
            ]
            .concat(),
        );
}

#[test]
fn a_wildcard_supersedes_the_names_it_covers_and_never_the_apex() {
    let env = Env::new();
    let mut st = LiveState::with_play_domains(["a.example.com"]);
    st.stored = vec![
        StoredCert::uploaded("one", &["a.example.com", "b.example.com"], SOON),
        StoredCert::uploaded("apex", &["example.com"], SOON),
        StoredCert::uploaded("deep", &["x.a.example.com"], SOON),
        StoredCert::uploaded("wild", &["*.example.com"], LATER),
    ];
    let api = FakeLive::start(st);
    let superseded = "would delete: superseded by wild (expires 2090-06-01T00:00:00Z)";
    prune(&env, &api)
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            [
                line("one", AB, SOON, "delete", superseded),
                line("apex", "example.com", SOON, "keep", CURRENT),
                line("deep", "x.a.example.com", SOON, "keep", CURRENT),
                line("wild", "*.example.com", LATER, "keep", CURRENT),
            ]
            .concat(),
        );
}

#[test]
fn json_and_the_table_carry_the_same_rows() {
    let env = Env::new();
    let api = FakeLive::start(account());
    let out = prune(&env, &api).args(["-o", "json"]).run();
    out.assert_code(0);
    let doc = out.json();
    assert_eq!(doc["Action"], "delete");
    assert_eq!(doc["Applied"], false);
    assert_eq!(doc["Certificates"].as_array().unwrap().len(), 6);
    assert_eq!(
        doc["Certificates"][1],
        json!({
            "CertificateId": "old-1",
            "Alias": "alias of old-1",
            "Names": ["a.example.com", "b.example.com"],
            "Expires": SOON,
            "Action": "delete",
            "Result": format!("would delete: {SUPERSEDED}"),
        })
    );
    let table = prune(&env, &api).run();
    table
        .assert_code(0)
        .assert_stdout_contains("CERTIFICATE  ALIAS")
        .assert_stdout_contains("old-1        alias of old-1");
}

#[test]
fn more_than_a_hundred_leftovers_are_deleted_a_hundred_a_call_across_pages_of_a_thousand() {
    let env = Env::new();
    let mut st = LiveState::with_play_domains(["a.example.com"]);
    st.stored = (0..2150)
        .map(|i| {
            let end = if i < 150 { PAST } else { SOON };
            StoredCert::uploaded(&format!("c{i}"), &[&format!("n{i}.example.com")], end)
        })
        .collect();
    // Every delete task ends at its first poll.
    for i in 0..150 {
        st.retire.plans.insert(format!("c{i}"), TaskPlan::ends(1));
    }
    let api = FakeLive::start(st);
    prune(&env, &api)
        .args(["--yes", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stderr_contains(
            "prune: 2150 uploaded certificates: 150 deleted, 2000 kept by the rules",
        );
    let seen = api.seen();
    let offsets: Vec<_> = seen
        .iter()
        .filter(|s| s.action == "DescribeCertificates")
        .map(|s| s.body["Offset"].clone())
        .collect();
    assert_eq!(offsets, [json!(0), json!(1000), json!(2000)]);
    let deletes: Vec<usize> = seen
        .iter()
        .filter(|s| s.action == "DeleteCertificates")
        .map(|s| s.body["CertificateIds"].as_array().unwrap().len())
        .collect();
    assert_eq!(deletes, [100, 50]);
    let polls: Vec<usize> = seen
        .iter()
        .filter(|s| s.action == "DescribeDeleteCertificatesTaskResult")
        .map(|s| s.body["TaskIds"].as_array().unwrap().len())
        .collect();
    assert_eq!(polls, [100, 50]);
    assert_eq!(stored(&api).len(), 2000);
}

#[test]
fn a_listing_that_lies_prunes_nothing() {
    let repeating = |st: &mut LiveState| {
        // The stored certificates: a page that repeats, whatever the offset asked for.
        st.retire.raw = vec![(
            "DescribeCertificates".into(),
            json!({"TotalCount": 9, "Certificates": [
                {"CertificateId": "exp-1", "From": "upload", "Domain": "a.example.com",
                 "SubjectAltName": ["a.example.com"], "CertEndTime": PAST}
            ]}),
        )]
    };
    // The bindings listing cut short of its own total: any certificate could be bound.
    let cut = |st: &mut LiveState| st.cut_at = Some(1);
    // A bindings listing CAM refuses.
    let refused = |st: &mut LiveState| st.refuse_listing = true;
    type Lie<'a> = &'a dyn Fn(&mut LiveState);
    let cases: [(Lie, i32, &str); 3] = [
        (
            &repeating,
            6,
            "the stored certificates listing (DescribeCertificates) is incomplete: 1 of 9 items read, then page 2 repeated items already read",
        ),
        (
            &cut,
            6,
            "the bindings listing could not be read: the bindings listing (DescribeLiveDomainCertBindings) is incomplete",
        ),
        (&refused, 4, "DescribeLiveDomainCertBindings"),
    ];
    for (lie, code, says) in cases {
        let env = Env::new();
        let mut st = account();
        lie(&mut st);
        let api = FakeLive::start(st);
        prune(&env, &api)
            .args(["--yes"])
            .run()
            .assert_code(code)
            .assert_stdout_eq("")
            .assert_stderr_contains(says);
        assert!(changes(&api).is_empty(), "{:?}", api.actions());
        assert_eq!(stored(&api).len(), 6);
    }
}

#[test]
fn entries_that_cannot_be_read_and_bought_certificates_are_kept() {
    let env = Env::new();
    let mut st = account();
    st.retire.raw = vec![(
        "DescribeCertificates".into(),
        json!({"TotalCount": 4, "Certificates": [
            {"CertificateId": "exp-1", "From": "upload", "Domain": "a.example.com",
             "SubjectAltName": ["a.example.com"], "CertEndTime": PAST},
            {"CertificateId": "bought", "From": "trustasia", "Domain": "a.example.com",
             "SubjectAltName": ["a.example.com"], "CertEndTime": PAST},
            {"CertificateId": "odd", "From": "upload", "Domain": "a.example.com",
             "SubjectAltName": ["a.example.com"], "CertEndTime": 17},
            ["not", "an", "object"]
        ]}),
    )];
    let api = FakeLive::start(st);
    prune(&env, &api)
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            [
                format!("exp-1\t\ta.example.com\t{PAST}\tdelete\twould delete: {EXPIRED}\n"),
                format!(
                    "bought\t\ta.example.com\t{PAST}\tkeep\tkept: not uploaded (From: trustasia)\n"
                ),
                "odd\t\ta.example.com\t?\tkeep\tkept: its expiry could not be read\n".to_string(),
                "?\t\t\t\tkeep\tkept: the listing's entry could not be read\n".to_string(),
            ]
            .concat(),
        );
}

#[test]
fn dry_run_and_bad_search_are_refused_before_anything_is_sent() {
    let env = Env::new();
    let api = FakeLive::start(account());
    prune(&env, &api)
        .arg("--dry-run")
        .run()
        .assert_code(2)
        .assert_stderr_contains("run `cert prune` without --yes to see its plan");
    prune(&env, &api)
        .args(["--search", " "])
        .run()
        .assert_code(2)
        .assert_stderr_contains("--search is empty");
    let long = "x".repeat(257);
    for bad in [long.as_str(), "a\u{7}b"] {
        prune(&env, &api)
            .args(["--search", bad])
            .run()
            .assert_code(2)
            .assert_stderr_contains(
                "--search must be at most 256 bytes of text without control characters",
            );
    }
    prune(&env, &api)
        .args(["-o", "prometheus"])
        .run()
        .assert_code(2);
    assert!(api.seen().is_empty(), "{:?}", api.actions());
}

// `cert unbind --retire-old`.

fn unbind(env: &Env, api: &FakeLive) -> assert_cmd::Command {
    let mut c = env.cmd_with_creds();
    c.env("TCLIVE_SSL_ENDPOINT", api.endpoint()).args([
        "cert",
        "unbind",
        "--endpoint",
        &api.endpoint(),
    ]);
    c
}

#[test]
fn unbind_retire_old_deletes_what_it_removed_when_superseded_and_keeps_a_current_one() {
    let env = Env::new();
    // b's b-old is superseded by new-1: deleted once unbound.
    let api = FakeLive::start(account());
    unbind(&env, &api)
        .args(["-d", "b.example.com", "--retire-old", "delete", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(format!(
            "b.example.com\tformal\tok\t\t\nretire\tb-old\talias of b-old\tb.example.com\t{SOON}\tdelete\tdeleted: superseded by new-1 (expires 2090-06-01T00:00:00Z)\n"
        ))
        .assert_stderr_contains("--retire-old delete: 1 old certificate looked at, 1 deleted, 0 kept");
    assert!(!stored(&api).contains(&"b-old".to_string()));
    // a's new-1 is the latest for its names: kept, exit 7.
    let api = FakeLive::start(account());
    unbind(&env, &api)
        .args(["-d", "a.example.com", "--retire-old", "delete", "-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains(format!(
            "retire\tnew-1\talias of new-1\t{AB}\t{LATER}\tkeep\t{CURRENT}\n"
        ));
    assert_eq!(changes(&api), ["UnBindLiveDomainCert"]);
}

#[test]
fn unbind_retire_old_retires_nothing_when_an_unbind_failed() {
    let env = Env::new();
    let mut st = account();
    st.unbind_fails = vec!["a.example.com".into()];
    let api = FakeLive::start(st);
    unbind(&env, &api)
        .args([
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
            "--retire-old",
            "delete",
        ])
        .run()
        .assert_code(5)
        .assert_stderr_contains("--retire-old delete: nothing retired: an unbind failed");
    assert_eq!(
        changes(&api),
        ["UnBindLiveDomainCert", "UnBindLiveDomainCert"]
    );
    assert_eq!(stored(&api).len(), 6);
}

#[test]
fn unbind_retire_old_json_gray_plan_and_dry_run() {
    let env = Env::new();
    let api = FakeLive::start(account());
    let out = unbind(&env, &api)
        .args(["-d", "b.example.com", "--retire-old", "mute", "-o", "json"])
        .run();
    out.assert_code(0);
    let doc = out.json();
    assert_eq!(doc["Domains"][0]["result"], "ok");
    assert_eq!(doc["RetireOld"]["Action"], "mute");
    assert_eq!(
        doc["RetireOld"]["Certificates"][0]["CertificateId"],
        "b-old"
    );
    assert_eq!(api.state.lock().unwrap().retire.muted, ["b-old"]);

    let api = FakeLive::start(account());
    unbind(&env, &api)
        .args([
            "-d",
            "a.example.com",
            "--rule",
            "gray",
            "--retire-old",
            "delete",
        ])
        .run()
        .assert_code(2)
        .assert_stderr_contains("leave out --retire-old with --rule gray");
    unbind(&env, &api)
        .args(["-d", "a.example.com", "-d", "b.example.com", "--plan", "--retire-old", "delete"])
        .run()
        .assert_code(0)
        .assert_stderr_contains("--retire-old delete: candidates (bound to these domains now; each is deleted after the unbinds only if it is then bound to no Live domain, uploaded, and expired or superseded by another stored certificate): new-1, b-old");
    unbind(&env, &api)
        .args(["--dry-run", "-d", "a.example.com", "--retire-old", "delete"])
        .run()
        .assert_code(0)
        .assert_stderr_contains(
            "--retire-old delete reads the bindings and the stored certificates",
        );
    assert!(changes(&api).is_empty());
    assert_eq!(stored(&api).len(), 6);
}

// What the review of `cert prune` found: listings and stores that lie in other ways.

#[test]
fn a_bindings_listing_without_a_total_is_never_taken_as_whole() {
    // 120 bindings; the server gives no TotalNum and 50 a page, so its first page looks like
    // the last one. old-1 is bound to the 120th domain.
    let env = Env::new();
    let mut st = LiveState::numbered(120).all_bound(FakeBinding::to("new-1"));
    let last = st.domains[119].name.clone();
    st.bindings.insert(last, FakeBinding::to("old-1"));
    st.omit_total = true;
    st.cut_at = Some(50);
    st.stored = vec![
        StoredCert::uploaded("old-1", &["*.example.com"], SOON),
        StoredCert::uploaded("new-1", &["*.example.com"], LATER),
    ];
    let api = FakeLive::start(st);
    prune(&env, &api)
        .args(["--yes", "--mute"])
        .run()
        .assert_code(6)
        .assert_stderr_contains(
            "the bindings listing gives no total (TotalNum), so it cannot be known to be whole",
        );
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
}

#[test]
fn a_domain_the_bindings_listing_names_twice_stops_the_prune() {
    let env = Env::new();
    let api = FakeApi::start_reading(
        r#"{"Response":{"TotalNum":1,"LiveDomainCertBindings":[
            {"DomainName":"a.example.com","CloudCertId":"new-1","CertExpireTime":"2090-01-01 08:00:00","Status":1},
            {"DomainName":"a.example.com","CloudCertId":"old-1","CertExpireTime":"2090-01-01 08:00:00","Status":1}
        ],"RequestId":"r1"}}"#,
    );
    env.cmd_with_creds()
        .env("TCLIVE_SSL_ENDPOINT", api.endpoint())
        .args(["cert", "prune", "--yes", "--endpoint", &api.endpoint()])
        .run()
        .assert_code(6)
        .assert_stderr_contains(
            "the bindings listing names a.example.com more than once with different bindings",
        );
    let actions: Vec<String> = api
        .server
        .requests()
        .iter()
        .map(|r| r.header("x-tc-action").unwrap_or_default())
        .collect();
    assert_eq!(actions, ["DescribeLiveDomainCertBindings"]);
}

/// An account whose SSL listing is `certs` as given (one page, its own total).
fn listing(certs: serde_json::Value) -> LiveState {
    let mut st = LiveState::with_play_domains(["a.example.com"]);
    let total = certs.as_array().map_or(0, Vec::len);
    st.retire.raw = vec![(
        "DescribeCertificates".into(),
        json!({"TotalCount": total, "Certificates": certs}),
    )];
    st
}

fn uploaded(id: &str, names: serde_json::Value, end: &str) -> serde_json::Value {
    json!({"CertificateId": id, "From": "upload", "Domain": "a.example.com",
           "SubjectAltName": names, "CertEndTime": end, "CertificateType": "SVR", "Status": 1})
}

#[test]
fn an_id_the_store_names_twice_is_kept_and_never_sent() {
    let env = Env::new();
    let mut bought = uploaded("x", json!(["a.example.com"]), LATER);
    bought["From"] = json!("trustasia");
    let mut st = listing(json!([
        uploaded("x", json!(["a.example.com"]), PAST),
        bought
    ]));
    // Its total counts the one certificate.
    st.retire.raw[0].1["TotalCount"] = json!(1);
    let api = FakeLive::start(st);
    prune(&env, &api)
        .args(["--yes", "-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_eq(format!(
            "x\t\ta.example.com\t{PAST}\tkeep\tkept: the listing names it more than once\n"
        ))
        .assert_stderr_contains("1 certificate the stored certificates listing gives twice with different contents: kept; each may be a leftover");
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
}

#[test]
fn only_a_valid_server_certificate_can_supersede() {
    let env = Env::new();
    let mut ca = uploaded("ca", json!(["a.example.com"]), LATEST);
    ca["CertificateType"] = json!("CA");
    let mut revoked = uploaded("revoked", json!(["a.example.com"]), LATEST);
    revoked["Status"] = json!(10);
    let mut early = uploaded("early", json!(["a.example.com"]), LATEST);
    early["CertBeginTime"] = json!("2089-01-01 08:00:00");
    let api = FakeLive::start(listing(json!([
        uploaded("old", json!(["a.example.com"]), SOON),
        ca,
        revoked,
        early
    ])));
    let out = prune(&env, &api).args(["-o", "tsv"]).run();
    out.assert_code(0)
        .assert_stdout_contains(format!("old\t\ta.example.com\t{SOON}\tkeep\t{CURRENT}\n"))
        .assert_stdout_contains("ca\t\ta.example.com\t2090-09-01 08:00:00\tkeep\tkept: not a server certificate (CertificateType: CA)\n");
    assert!(!out.stdout().contains("would delete"), "{}", out.stdout());
}

#[test]
fn without_a_subject_alt_name_list_the_names_are_unknown() {
    let env = Env::new();
    let api = FakeLive::start(listing(json!([
        uploaded("old", json!(null), SOON),
        uploaded("gone", json!(null), PAST),
        uploaded("new", json!(["a.example.com"]), LATER),
    ])));
    prune(&env, &api)
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            [
                format!("old\t\t?\t{SOON}\tkeep\tkept: its names could not be read\n"),
                format!("gone\t\t?\t{PAST}\tdelete\twould delete: {EXPIRED}\n"),
                format!("new\t\ta.example.com\t{LATER}\tkeep\t{CURRENT}\n"),
            ]
            .concat(),
        );
}

#[test]
fn an_id_that_could_be_mistaken_for_another_is_never_sent_and_the_exit_says_so() {
    let env = Env::new();
    let api = FakeLive::start(listing(json!([uploaded(
        "ab\u{200b}cd",
        json!(["a.example.com"]),
        PAST
    ),])));
    prune(&env, &api)
        .args(["--yes", "-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_eq("?\t\t\t\tkeep\tkept: the listing's entry could not be read\n")
        .assert_stderr_contains("1 entry of the stored certificates listing could not be read")
        .assert_stderr_contains("kept; each may be a leftover");
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
}

#[test]
fn names_from_the_listing_cannot_act_on_the_terminal() {
    let env = Env::new();
    let api = FakeLive::start(listing(json!([uploaded(
        "evil",
        json!(["\u{1b}[2J\u{1b}[31mevil\nfake row"]),
        SOON
    )])));
    for format in ["table", "tsv"] {
        let out = prune(&env, &api).args(["-o", format]).run();
        out.assert_code(0).assert_no_escape();
        assert_eq!(
            out.stdout().lines().count(),
            if format == "tsv" { 1 } else { 2 }
        );
    }
}

#[test]
fn identical_copies_keep_the_bound_or_newest_one() {
    // Three uploads of the same certificate (a renewal that re-uploaded each day): the one
    // bound stays, the others go; unbound, the newest stays.
    let env = Env::new();
    let mut st = LiveState::with_play_domains(["a.example.com"])
        .bound("a.example.com", FakeBinding::to("copy-2"));
    st.stored = (1..=3)
        .map(|i| StoredCert::uploaded(&format!("copy-{i}"), &["a.example.com"], SOON))
        .collect();
    let api = FakeLive::start(st);
    let bound = "would delete: a copy of copy-2 (the same names and expiry; that one is bound to a Live domain)";
    prune(&env, &api)
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            [
                line("copy-1", "a.example.com", SOON, "delete", bound),
                line(
                    "copy-2",
                    "a.example.com",
                    SOON,
                    "keep",
                    "kept: still bound to a Live domain",
                ),
                line("copy-3", "a.example.com", SOON, "delete", bound),
            ]
            .concat(),
        );
    let mut st = LiveState::with_play_domains(["a.example.com"]);
    st.stored = (1..=3)
        .map(|i| StoredCert::uploaded(&format!("copy-{i}"), &["a.example.com"], SOON))
        .collect();
    let api = FakeLive::start(st);
    let newer =
        "would delete: a copy of copy-3 (the same names and expiry; that one is the newer upload)";
    prune(&env, &api)
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(
            [
                line("copy-1", "a.example.com", SOON, "delete", newer),
                line("copy-2", "a.example.com", SOON, "delete", newer),
                line("copy-3", "a.example.com", SOON, "keep", CURRENT),
            ]
            .concat(),
        );
}

#[test]
fn expiry_is_judged_by_the_services_clock_not_a_clock_that_is_ahead() {
    // This machine's clock is two years ahead of the service's: a certificate that ended a
    // year ago by it is still current for the service, and is kept.
    let env = Env::new();
    let mut st = LiveState::with_play_domains(["a.example.com"]);
    st.ssl_clock_behind = 2 * 365 * 86_400;
    let year_ago = now() - 365 * 86_400;
    let end = httpdate_beijing(year_ago);
    st.stored = vec![StoredCert::uploaded("cur", &["a.example.com"], &end)];
    let api = FakeLive::start(st);
    prune(&env, &api)
        .args(["--yes", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(line("cur", "a.example.com", &end, "keep", CURRENT))
        .assert_stderr_contains("ahead of the API's");
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
}

/// `unix` as the API writes a time: Beijing time, no offset.
fn httpdate_beijing(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix + 8 * 3600).unwrap();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[test]
fn unbind_retire_old_stops_before_any_unbind_when_the_listing_is_refused() {
    let env = Env::new();
    let mut st = account();
    st.refuse_listing = true;
    let api = FakeLive::start(st);
    unbind(&env, &api)
        .args([
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
            "--retire-old",
            "delete",
        ])
        .run()
        .assert_code(4)
        .assert_stderr_contains("DescribeLiveDomainCertBindings");
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
}

#[test]
fn ids_that_differ_only_in_case_are_two_certificates() {
    let env = Env::new();
    let api = FakeLive::start(listing(json!([
        uploaded("AbC", json!(["a.example.com"]), PAST),
        uploaded("abc", json!(["a.example.com"]), LATER),
    ])));
    prune(&env, &api)
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(format!(
            "AbC\t\ta.example.com\t{PAST}\tdelete\twould delete: {EXPIRED}\nabc\t\ta.example.com\t{LATER}\tkeep\t{CURRENT}\n"
        ));
}

#[test]
fn unbind_plan_with_retire_old_stops_where_the_run_would() {
    let env = Env::new();
    let mut st = account();
    st.omit_total = true;
    let api = FakeLive::start(st);
    for extra in [&["--plan"][..], &[]] {
        unbind(&env, &api)
            .args(["-d", "a.example.com", "--retire-old", "delete"])
            .args(extra)
            .run()
            .assert_code(6)
            .assert_stderr_contains("the bindings listing gives no total (TotalNum)");
    }
    assert!(changes(&api).is_empty(), "{:?}", api.actions());
}

#[test]
fn a_delete_or_mute_whose_connection_drops_is_sent_again_and_done_once() {
    // Deleting or muting the same ids again changes nothing more, so a call that got no
    // answer is retried (and said so), and the certificate is retired once.
    for (flags, action, done) in [
        (&["--yes"][..], "DeleteCertificates", "deleted: "),
        (
            &["--yes", "--mute"][..],
            "ModifyCertificatesExpiringNotificationSwitch",
            "muted: no more expiry notices: ",
        ),
    ] {
        let env = Env::new();
        let mut st = account();
        st.retire.drop_once = vec![action.to_string()];
        let api = FakeLive::start(st);
        prune(&env, &api)
            .args(flags)
            .args(["-o", "tsv"])
            .run()
            .assert_code(0)
            .assert_stdout_contains(format!("\t{done}{EXPIRED}\n"))
            .assert_stdout_contains(format!("\t{done}{SUPERSEDED}\n"))
            .assert_stderr_contains("retry: ");
        let sent = api.actions().iter().filter(|a| *a == action).count();
        assert_eq!(sent, 2, "{action}: {:?}", api.actions());
    }
}
