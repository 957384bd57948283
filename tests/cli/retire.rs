//! `tclive cert bind --retire-old mute|delete` through the built binary against the fake Live
//! and SSL services: what a renewal replaced is muted or deleted only after a bind that fully
//! succeeded, only when bound to no Live domain, uploaded and superseded; delete tasks polled
//! to their end; hostile answers never retire anything not asked for.

use std::time::Duration;

use serde_json::json;

use crate::common::fake_live::*;
use crate::common::fake_ssl::{StoredCert, TaskPlan};
use crate::common::*;

const OLD_END: &str = "2026-12-20 08:00:00";
const NEW_END: &str = "2027-06-01 08:00:00";

/// a and b bound to old-1 (uploaded for both, ending first); new-1 stored for both, later.
fn account() -> LiveState {
    let mut st = LiveState::with_play_domains(["a.example.com", "b.example.com", "c.example.com"])
        .bound("a.example.com", FakeBinding::to("old-1"))
        .bound("b.example.com", FakeBinding::to("old-1"));
    st.stored = vec![
        StoredCert::uploaded("old-1", &["a.example.com", "b.example.com"], OLD_END),
        StoredCert::uploaded("new-1", &["a.example.com", "b.example.com"], NEW_END),
    ];
    st
}

fn renew(env: &Env, api: &FakeLive, how: &str) -> assert_cmd::Command {
    let mut c = env.bind(&api.endpoint());
    c.args([
        "--cert-id",
        "new-1",
        "-d",
        "a.example.com",
        "-d",
        "b.example.com",
        "--retire-old",
        how,
    ]);
    c
}

fn actions(api: &FakeLive) -> Vec<String> {
    api.seen().into_iter().map(|s| s.action).collect()
}

fn count(api: &FakeLive, action: &str) -> usize {
    actions(api).iter().filter(|a| *a == action).count()
}

/// No mute and no delete was sent, and the fake's store muted nothing.
fn assert_nothing_retired(api: &FakeLive) {
    let changes: Vec<String> = actions(api)
        .into_iter()
        .filter(|a| {
            a == "ModifyCertificatesExpiringNotificationSwitch" || a == "DeleteCertificates"
        })
        .collect();
    assert!(changes.is_empty(), "{changes:?}");
    assert!(api.state.lock().unwrap().retire.muted.is_empty());
}

fn stored(api: &FakeLive, id: &str) -> bool {
    api.state.lock().unwrap().stored.iter().any(|c| c.id == id)
}

fn row(action: &str, result: &str) -> String {
    format!(
        "retire\told-1\talias of old-1\ta.example.com,b.example.com\t{OLD_END}\t{action}\t{result}\n"
    )
}

const BOUND: &str = "a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n";

#[test]
fn mute_switches_off_the_expiry_notices_of_the_certificate_replaced() {
    let env = Env::new();
    let api = FakeLive::start(account());
    renew(&env, &api, "mute")
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(format!(
            "{BOUND}{}",
            row("mute", "muted: no more expiry notices")
        ))
        .assert_stderr_contains("--retire-old mute: 1 old certificate looked at, 1 muted, 0 kept");
    assert_eq!(api.state.lock().unwrap().retire.muted, vec!["old-1"]);
    let mute = api
        .seen()
        .into_iter()
        .find(|s| s.action == "ModifyCertificatesExpiringNotificationSwitch")
        .unwrap();
    assert_eq!(
        mute.body,
        json!({"CertificateIds": ["old-1"], "SwitchStatus": 1})
    );
    assert!(stored(&api, "old-1"), "mute deletes nothing");
    assert_eq!(count(&api, "DeleteCertificates"), 0);
}

#[test]
fn delete_checks_other_products_and_polls_the_task_to_its_end() {
    let env = Env::new();
    let api = FakeLive::start(account());
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq(format!("{BOUND}{}", row("delete", "deleted")));
    assert!(!stored(&api, "old-1"));
    assert!(
        stored(&api, "new-1"),
        "the new certificate is never retired"
    );
    let del: Vec<_> = api
        .seen()
        .into_iter()
        .filter(|s| s.action == "DeleteCertificates")
        .collect();
    assert_eq!(del.len(), 1);
    assert_eq!(
        del[0].body,
        json!({"CertificateIds": ["old-1"], "IsSync": true})
    );
    // One poll finds it running, the next deleted.
    assert_eq!(count(&api, "DescribeDeleteCertificatesTaskResult"), 2);
    // The old certificate was read by its id, with the new one.
    let describe = api
        .seen()
        .into_iter()
        .find(|s| s.action == "DescribeCertificates")
        .unwrap();
    assert_eq!(describe.body["CertIds"], json!(["new-1", "old-1"]));
}

#[test]
fn a_certificate_another_product_uses_is_kept_and_where_is_said() {
    let env = Env::new();
    let mut st = account();
    st.retire.plans.insert(
        "old-1".into(),
        TaskPlan::used_by(&["cdn.example.com"], "bound to CDN"),
    );
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_eq(format!(
            "{BOUND}{}",
            row(
                "delete",
                "kept: still used by another cloud resource (cdn.example.com): bound to CDN"
            )
        ))
        .assert_stderr_contains("1 old certificate looked at, 0 deleted, 1 kept");
    assert!(stored(&api, "old-1"));
}

#[test]
fn a_missing_service_role_keeps_it_and_names_the_role() {
    let env = Env::new();
    let mut st = account();
    st.retire.no_role = true;
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .run()
        .assert_code(7)
        .assert_stdout_contains("SSL_QCSLinkedRoleInReplaceLoadCertificate is missing");
    assert!(stored(&api, "old-1"));
}

#[test]
fn a_task_still_running_at_the_deadline_keeps_it_and_names_the_task() {
    let env = Env::new();
    let mut st = account();
    st.retire.plans.insert(
        "old-1".into(),
        TaskPlan {
            running: u32::MAX,
            ..TaskPlan::ends(1)
        },
    );
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .args(["--retry-budget", "2s", "-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains(
            "kept: delete task task-1 had not ended within --retry-budget (2s)",
        );
    assert!(stored(&api, "old-1"));
}

#[test]
fn a_fail_entry_of_the_delete_keeps_it_with_its_message() {
    let env = Env::new();
    let mut st = account();
    st.retire
        .fail
        .push(("old-1".into(), "CannotBeDeletedWithinHour".into()));
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains("kept: the delete failed: CannotBeDeletedWithinHour");
    assert_eq!(count(&api, "DescribeDeleteCertificatesTaskResult"), 0);
    assert!(stored(&api, "old-1"));
}

#[test]
fn a_certificate_still_bound_to_another_live_domain_is_kept() {
    let env = Env::new();
    let api = FakeLive::start(account().bound("c.example.com", FakeBinding::to("old-1")));
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_contains("\tkeep\tkept: still bound to a Live domain\n");
    assert_nothing_retired(&api);
    assert!(stored(&api, "old-1"));
}

#[test]
fn a_bought_certificate_is_never_retired() {
    let env = Env::new();
    let mut st = account();
    st.stored[0] = StoredCert::bought("old-1", "a.example.com");
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains("\tkeep\tkept: not uploaded (From: trustasia)\n");
    assert_nothing_retired(&api);
}

#[test]
fn a_certificate_not_superseded_is_kept_fewer_names_or_an_earlier_expiry() {
    let env = Env::new();
    let mut st = account();
    st.stored[1] = StoredCert::uploaded(
        "new-1",
        &["a.example.com", "b.example.com"],
        "2026-01-01 08:00:00",
    );
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains(
            "kept: not superseded: the new certificate does not expire later\n",
        );
    assert_nothing_retired(&api);

    let mut st = account();
    st.stored[0] = StoredCert::uploaded(
        "old-1",
        &["a.example.com", "b.example.com", "z.example.com"],
        OLD_END,
    );
    let api = FakeLive::start(st);
    renew(&env, &api, "mute")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains(
            "kept: not superseded: the new certificate does not cover z.example.com\n",
        );
    assert_nothing_retired(&api);
}

#[test]
fn a_wildcard_of_the_new_certificate_covers_the_old_names() {
    let env = Env::new();
    let mut st = account();
    st.stored[1] = StoredCert::uploaded("new-1", &["*.example.com"], NEW_END);
    let api = FakeLive::start(st);
    renew(&env, &api, "mute").run().assert_code(0);
    assert_eq!(api.state.lock().unwrap().retire.muted, vec!["old-1"]);
}

#[test]
fn a_verify_that_failed_retires_nothing_and_says_why() {
    let env = Env::new();
    let mut st = account();
    st.ignore = vec!["b.example.com".into()];
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .arg("--verify")
        .run()
        .assert_code(5)
        .assert_stderr_contains(
            "--retire-old delete: nothing retired: the bind did not fully succeed",
        );
    for a in [
        "DescribeCertificates",
        "DeleteCertificates",
        "ModifyCertificatesExpiringNotificationSwitch",
    ] {
        assert_eq!(count(&api, a), 0, "{a}");
    }
    assert!(stored(&api, "old-1"));
}

#[test]
fn an_unreadable_bindings_listing_retires_nothing() {
    let env = Env::new();
    let mut st = account();
    // The reads before the bind ask by domain; the whole listing is refused.
    st.refuse_listing = true;
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .run()
        .assert_code(7)
        .assert_stderr_contains("nothing retired: the bindings listing could not be read");
    assert_nothing_retired(&api);
}

#[test]
fn hostile_answers_never_retire_what_was_not_asked_for() {
    let env = Env::new();
    // The listing names a certificate not asked for; the delete answers success for it and
    // an unknown status for the one asked for.
    let mut st = account();
    st.stored
        .push(StoredCert::uploaded("victim", &["a.example.com"], OLD_END));
    st.retire.raw.push((
        "DeleteCertificates".into(),
        json!({"Success": ["victim"], "Fail": [], "CertTaskIds": [
            {"CertId": "victim", "TaskId": "t-v"}, {"CertId": "old-1", "TaskId": "t-1"}]}),
    ));
    st.retire.raw.push((
        "DescribeDeleteCertificatesTaskResult".into(),
        json!({"DeleteTaskResult": [
            {"TaskId": "t-v", "CertId": "victim", "Status": 1},
            {"TaskId": "t-1", "CertId": "old-1", "Status": 9}]}),
    ));
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_eq(format!(
            "{BOUND}{}",
            row("delete", "kept: delete task t-1 answered an unknown status")
        ))
        .assert_stdout_lacks("victim");
    for s in api.seen() {
        if s.action.contains("Delete") || s.action.contains("Notification") {
            assert!(
                !s.body.to_string().contains("victim"),
                "{}: {}",
                s.action,
                s.body
            );
        }
    }

    // A task listing far past any real answer is refused whole: nothing deleted is claimed.
    let mut st = account();
    let huge: Vec<_> = (0..250_000)
        .map(|i| json!({"TaskId": format!("x{i}"), "Status": 1}))
        .collect();
    st.retire.raw.push((
        "DescribeDeleteCertificatesTaskResult".into(),
        json!({ "DeleteTaskResult": huge }),
    ));
    let api = FakeLive::start(st);
    renew(&env, &api, "delete")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains("kept: task task-1 could not be read");
}

#[test]
fn json_adds_the_retirement_to_the_binds_document() {
    let env = Env::new();
    let api = FakeLive::start(account());
    let out = renew(&env, &api, "mute").args(["-o", "json"]).run();
    out.assert_code(0);
    let doc = out.json();
    assert_eq!(doc["RetireOld"]["Action"], "mute");
    assert_eq!(doc["RetireOld"]["Note"], json!(null));
    assert_eq!(
        doc["RetireOld"]["Certificates"],
        json!([{
            "CertificateId": "old-1",
            "Alias": "alias of old-1",
            "Names": ["a.example.com", "b.example.com"],
            "Expires": OLD_END,
            "Action": "mute",
            "Result": "muted: no more expiry notices",
        }])
    );
    assert!(
        doc["Errors"].is_array(),
        "the API's answer is still there: {doc}"
    );
}

#[test]
fn dry_run_and_plan_send_nothing_that_changes() {
    let env = Env::new();
    let api = FakeLive::start(account());
    renew(&env, &api, "delete")
        .arg("--dry-run")
        .run()
        .assert_code(0)
        .assert_stderr_contains("--retire-old delete reads the bindings listing");
    assert!(api.seen().is_empty());
    renew(&env, &api, "delete")
        .arg("--plan")
        .run()
        .assert_code(0)
        .assert_stderr_contains("--retire-old delete: candidates (bound to these domains now;")
        .assert_stderr_contains("): old-1\n");
    for a in actions(&api) {
        assert!(a.starts_with("Describe"), "--plan sent {a}");
    }
}

#[test]
fn an_unchanged_rerun_retires_nothing_and_sends_no_ssl_call() {
    let env = Env::new();
    let api = FakeLive::start(account());
    renew(&env, &api, "delete").run().assert_code(0);
    let first = api.seen().len();
    renew(&env, &api, "delete")
        .run()
        .assert_code(0)
        .assert_stderr_contains("--retire-old: nothing retired: nothing was bound");
    let again: Vec<String> = actions(&api)[first..].to_vec();
    assert_eq!(again, vec!["DescribeLiveDomainCertBindings"], "{again:?}");
}

#[test]
fn mutes_are_batched_by_50_and_paced_to_the_ssl_limit() {
    let env = Env::new();
    let names: Vec<String> = (0..120).map(|i| format!("d{i}.example.com")).collect();
    let mut st = LiveState::with_play_domains(names.iter());
    for (i, n) in names.iter().enumerate() {
        st = st.bound(n, FakeBinding::to(&format!("old-{i}")));
        st.stored
            .push(StoredCert::uploaded(&format!("old-{i}"), &[n], OLD_END));
    }
    st.stored
        .push(StoredCert::uploaded("new-1", &["*.example.com"], NEW_END));
    let api = FakeLive::start(st);
    let mut c = env.bind(&api.endpoint());
    c.args(["--cert-id", "new-1", "--retire-old", "mute"]);
    for n in &names {
        c.args(["-d", n]);
    }
    c.run().assert_code(0);
    let mutes: Vec<_> = api
        .seen()
        .into_iter()
        .filter(|s| s.action == "ModifyCertificatesExpiringNotificationSwitch")
        .collect();
    let sizes: Vec<usize> = mutes
        .iter()
        .map(|s| s.body["CertificateIds"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, vec![50, 50, 20]);
    // 10 a second: three calls span at least 0.2 s (less what the first one's way took).
    let span = mutes[2].at - mutes[0].at;
    assert!(span >= Duration::from_millis(180), "{span:?}");
    assert_eq!(api.state.lock().unwrap().retire.muted.len(), 120);
}

#[test]
fn a_key_pair_renewal_deletes_what_it_replaced_and_its_rerun_uploads_nothing() {
    let env = Env::new();
    let names: Vec<String> = (0..300).map(|i| format!("d{i}.example.com")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut st = LiveState::with_play_domains(names.iter());
    for n in &names {
        st = st.bound(n, FakeBinding::to("old-1"));
    }
    st.stored = vec![StoredCert::uploaded("old-1", &refs, OLD_END)];
    let api = FakeLive::start(st);
    let pair = env.key_pair_files(&refs);
    let run = || {
        let mut c = env.bind(&api.endpoint());
        c.args(pair.args())
            .args(["--verify", "--retire-old", "delete", "-o", "tsv"]);
        for n in &names {
            c.args(["-d", n]);
        }
        c.run()
    };
    run()
        .assert_code(0)
        .assert_stdout_contains("\tdelete\tdeleted\n")
        .assert_stderr_contains("1 old certificate looked at, 1 deleted, 0 kept");
    assert!(!stored(&api, "old-1"));
    let first = actions(&api);
    eprintln!("first run: {} requests: {first:?}", first.len());
    run().assert_code(0);
    let again: Vec<String> = actions(&api)[first.len()..].to_vec();
    eprintln!("re-run: {} requests: {again:?}", again.len());
    assert!(!again.iter().any(|a| a == "UploadCertificate"), "{again:?}");
    assert!(
        !again.iter().any(|a| a.contains("Certificates")),
        "{again:?}"
    );
}

#[test]
fn force_knows_no_old_certificate_and_retires_nothing_saying_why() {
    let env = Env::new();
    let api = FakeLive::start(account());
    renew(&env, &api, "delete")
        .arg("--force")
        .run()
        .assert_code(7)
        .assert_stderr_contains("--retire-old delete: nothing retired: --force skips the reads");
    assert_nothing_retired(&api);
    assert!(stored(&api, "old-1"));
}

#[test]
fn a_wait_that_did_not_see_the_new_certificate_served_retires_nothing() {
    let env = Env::new();
    let mut st = account();
    st.ignore = vec!["b.example.com".into()];
    let api = FakeLive::start(st);
    renew(&env, &api, "mute")
        .args(["--wait-served", "1s"])
        .run()
        .assert_code(5)
        .assert_stderr_contains(
            "--retire-old mute: nothing retired: the bind did not fully succeed",
        );
    assert_nothing_retired(&api);
}

/// The account, with DescribeCertificates answering `certs` whatever it is asked.
fn listing_of(certs: serde_json::Value) -> LiveState {
    let mut st = account();
    let total = certs.as_array().map_or(0, Vec::len);
    st.retire.raw = vec![(
        "DescribeCertificates".into(),
        json!({"TotalCount": total, "Certificates": certs}),
    )];
    st
}

fn listed(id: &str, end: &str) -> serde_json::Value {
    json!({"CertificateId": id, "From": "upload", "Domain": "a.example.com",
           "SubjectAltName": ["a.example.com", "b.example.com"], "CertEndTime": end,
           "CertificateType": "SVR", "Status": 1})
}

#[test]
fn nothing_is_retired_for_a_new_certificate_that_cannot_serve() {
    let env = Env::new();
    let cannot = [
        ("CertificateType", json!("CA")),
        ("Status", json!(10)),
        ("CertBeginTime", json!("2089-12-01 08:00:00")),
    ];
    for (field, value) in cannot {
        let mut new = listed("new-1", NEW_END);
        new[field] = value;
        let api = FakeLive::start(listing_of(json!([listed("old-1", OLD_END), new])));
        renew(&env, &api, "mute")
            .args(["-o", "tsv"])
            .run()
            .assert_code(7)
            .assert_stdout_contains("\tkeep\tkept: the new certificate cannot serve now");
        assert_nothing_retired(&api);
    }
}

#[test]
fn an_old_id_tclive_would_not_send_as_printed_is_kept() {
    let env = Env::new();
    let odd = "old\u{200b}1";
    let mut st = listing_of(json!([listed(odd, OLD_END), listed("new-1", NEW_END)]));
    st.bindings
        .insert("a.example.com".into(), FakeBinding::to(odd));
    st.bindings
        .insert("b.example.com".into(), FakeBinding::to(odd));
    let api = FakeLive::start(st);
    renew(&env, &api, "mute")
        .args(["-o", "tsv"])
        .run()
        .assert_code(7)
        .assert_stdout_contains("\tkeep\tkept: its id is not one tclive sends");
    assert_nothing_retired(&api);
}
