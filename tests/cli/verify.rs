//! `cert bind --verify` and `--wait-served`: what the API reads back after a bind (a domain
//! it skipped, the HTTPS state kept, the chain it kept), what the edges serve after it (a
//! renewal propagating, a stale edge at the deadline), and a read-back that fails or is cut
//! short: the bind is still reported, the domains marked unverified.

use crate::common::edge::*;
use crate::common::fake_live::*;
use crate::common::*;

#[test]
fn verify_catches_a_domain_the_api_silently_skipped() {
    let env = Env::new();
    let api = FakeLive::with_play_domains(["a.example.com", "b.example.com"]);
    api.state
        .lock()
        .unwrap()
        .ignore
        .push("b.example.com".into());
    let p = Pki::new("Idem")
        .chain_for(&["*.example.com"])
        .write(&env, "v");
    env.bind(&api.endpoint())
        .args(p.args())
        .args(["-d", "a.example.com", "-d", "b.example.com"])
        .args(["--verify", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_eq(
            "a.example.com\ton\tok\t\t\nb.example.com\ton\tunverified\t\treads back with no certificate bound\n",
        )
        .assert_stderr_contains("2 domains: 1 ok, 0 failed, 0 mismatched, 1 unverified");
    // The read-back compared the bound certificate itself.
    assert!(api.actions().iter().any(|a| a == "DescribeLiveDomainCert"));
}

#[test]
fn verify_shows_the_https_state_a_kept_domain_reads_back() {
    let env = Env::new();
    let old = FakeBinding::to("OLD").expires("2026-12-01 03:00:00");
    let api = FakeLive::start(
        LiveState::with_play_domains(["a.example.com", "b.example.com"])
            .bound("a.example.com", old.clone().https(0))
            .bound("b.example.com", old.https(1)),
    );
    let pki = Pki::new("Idem");
    let p = pki.chain_for(&["*.example.com"]).write(&env, "keep");
    // `keep` is what was asked; --verify shows what the domain has.
    env.bind(&api.endpoint())
        .args(p.args())
        .args(["-d", "a.example.com:keep", "-d", "b.example.com:keep"])
        .args(["--verify", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq("a.example.com\toff\tok\t\t\nb.example.com\ton\tok\t\t\n");
    // Without --verify nothing was read back: the column says what was asked.
    let p2 = pki.chain_for(&["*.example.com"]).write(&env, "keep2");
    env.bind(&api.endpoint())
        .args(p2.args())
        .args(["-d", "a.example.com:keep", "-o", "tsv"])
        .run()
        .assert_stdout_eq("a.example.com\tkeep\tok\t\t\n");
}

#[test]
fn a_verify_whose_listing_is_cut_short_reports_the_bind_and_marks_every_domain_unverified() {
    // --force skips the reads before; the read-back's listing stops after 100 of 250.
    // Before: the rest were read one by one, exit 0. The change is applied, so the rows are
    // printed, every domain read back from that listing is `unverified`, exit 5 (item 10).
    let env = Env::new();
    let mut st = LiveState::bound_to_old(250);
    st.cut_at = Some(100);
    let api = FakeLive::start(st);
    let file = env.domains_file(200);
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
    out.assert_code(5);
    assert_eq!(api.modifies().len(), 1);
    let lines: Vec<&str> = out.stdout().lines().collect();
    out.assert(lines.len() == 200, "a row per domain");
    for l in &lines {
        let cells: Vec<&str> = l.split('\t').collect();
        assert_eq!(cells[2], "unverified", "{l}");
        assert!(
            cells[4].starts_with("could not be read back: the bindings listing (DescribeLiveDomainCertBindings) is incomplete: 100 of 250 items read"),
            "{l}"
        );
    }
    out.assert_stderr_contains(
        "200 domains: 0 ok, 0 failed, 0 mismatched, 200 unverified (RequestId fake-",
    )
    .assert_stderr_contains("error: --verify");
}

const ONE_FAILED: &str = r#"{"Response":{"MismatchedDomainNames":[],"Errors":[{"DomainName":"b.example.com","Code":"FailedOperation","Message":"boom"}],"RequestId":"bind-42"}}"#;

/// `cert bind --cert-id NEW --force --verify` of `domains` against a fake whose change answer
/// is [`ONE_FAILED`] and whose reads (only after the bind: --force skips the reads before)
/// answer `read`.
fn verify_with_reads_answered(read: &str, domains: &[&str], format: &str) -> (Outcome, FakeApi) {
    let env = Env::new();
    let api = FakeApi::start_reading(read);
    api.answer(200, ONE_FAILED);
    let out = env
        .bind(&api.endpoint())
        .args(["--cert-id", "NEW", "--force", "--verify"])
        .args(["--max-attempts", "1", "-o", format])
        .args(domain_args(domains))
        .run();
    (out, api)
}

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
        let (out, api) = verify_with_reads_answered(
            read,
            &["a.example.com", "b.example.com", "c.example.com"],
            "tsv",
        );
        out.assert_code(5);
        let lines: Vec<&str> = out.stdout().lines().collect();
        out.assert(lines.len() == 3, "a row per domain");
        for (l, name) in [(lines[0], "a.example.com"), (lines[2], "c.example.com")] {
            out.assert(
                l.starts_with(&format!("{name}\ton\tunverified\t\t{reason}")),
                format!("{name} is unverified: {reason}"),
            );
        }
        assert_eq!(lines[1], "b.example.com\ton\tfailed\tFailedOperation\tboom");
        out.assert_stderr_contains(
            "3 domains: 0 ok, 1 failed, 0 mismatched, 2 unverified (RequestId bind-42)",
        )
        .assert_stderr_contains("error: --verify: ");
        assert_eq!(api.requests().len(), 1, "one bind");
    }

    // -o json: the API's answer as received, then the same exit.
    let (out, _) =
        verify_with_reads_answered("oops-not-json", &["a.example.com", "b.example.com"], "json");
    out.assert_code(5);
    let v = out.json();
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
    let edge = closed();
    env.bind(&api.endpoint())
        .args(["--cert-id", "NEW", "--force", "--wait-served", "5s"])
        .args(["--connect-to", &format!("a.example.com:{edge}")])
        .args(["-d", "a.example.com", "-d", "b.example.com", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_eq(
            "a.example.com\ton\tunverified\t\tcould not be read back: ResourceUnavailable: down (RequestId read-3)\n\
             b.example.com\ton\tfailed\tFailedOperation\tboom\n",
        )
        .assert_stderr_contains("(RequestId bind-42)")
        .assert_stderr_contains("error: --wait-served: ");
}

#[test]
fn verify_after_a_chain_bind_checks_the_chain_read_back() {
    // The service keeps only the leaf of what it is sent: the read-back shows the right leaf
    // with the wrong chain. Before: `ok`, exit 0.
    let env = Env::new();
    let api = FakeLive::with_play_domains(["a.example.com", "b.example.com"]);
    api.state.lock().unwrap().keep_leaf_only = true;
    let c = Pki::new("Chain")
        .chain_for(&["*.example.com"])
        .write(&env, "");
    env.bind(&api.endpoint())
        .args(c.args())
        .args(["-d", "a.example.com", "-d", "b.example.com"])
        .args(["--verify", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stdout_eq(
            "a.example.com\ton\tunverified\t\treads back the same leaf with a different chain (1 certificate, 2 sent)\n\
             b.example.com\ton\tunverified\t\treads back the same leaf with a different chain (1 certificate, 2 sent)\n",
        );
}

#[test]
fn a_key_pair_bind_through_live_names_the_cloud_cert_id_it_reads_back_and_claims_none_it_did_not() {
    let env = Env::new();
    let api = FakeLive::with_play_domains(["a.example.com", "b.example.com"]);
    let c = Pki::new("Upload")
        .chain_for(&["*.example.com"])
        .write(&env, "");
    // The key pair sent with the bind (--upload-via live, or the fallback when CAM refuses the
    // upload): the change request's answer names no id (as the API's), the id is the one read
    // back. (Through the SSL service the upload's answer names it: bind.rs.)
    let out = env
        .bind(&api.endpoint())
        .args(c.args())
        .args(["--upload-via", "live"])
        .args([
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
            "--verify",
            "-o",
            "tsv",
        ])
        .run();
    out.assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n")
        .assert_stderr_contains(
            "\nuploaded as CloudCertId upload-1 (read back by --verify): later binds of this \
             certificate can use --cert-id upload-1\n",
        );
    assert_eq!(
        api.modifies()[0].get("CloudCertId"),
        None,
        "the key pair was sent, not an id"
    );
    // Without --verify nothing is read back, and no id is claimed.
    let out = env
        .bind(&api.endpoint())
        .args(c.args())
        .args(["--upload-via", "live"])
        .args(["-d", "a.example.com", "--force", "-o", "json"])
        .run();
    out.assert_code(0)
        .assert_stderr_contains(
            "\nthe key pair was uploaded to the SSL certificate service; the API's answer does \
             not name its CloudCertId: add --verify to read it back (or run `tclive cert list -d \
             DOMAIN`)\n",
        )
        .assert_stderr_lacks("upload-2");
    // The json on stdout is the API's answer as received, after tclive's Certificate field,
    // which claims no id either.
    assert_eq!(
        out.json(),
        serde_json::json!({
            "Certificate": {"CloudCertId": null, "Stored": "new", "Via": "ModifyLiveDomainCertBindings"},
            "MismatchedDomainNames": [], "Errors": [], "RequestId": out.json()["RequestId"]
        })
    );
    // Read back, but not as sent (the service kept the leaf alone): no id is claimed.
    api.state.lock().unwrap().keep_leaf_only = true;
    env.bind(&api.endpoint())
        .args(c.args())
        .args(["--upload-via", "live"])
        .args(["-d", "a.example.com", "--force", "--verify", "-o", "tsv"])
        .run()
        .assert_code(5)
        .assert_stderr_contains(
            "\nthe key pair was uploaded to the SSL certificate service; no domain read back the \
             certificate sent (--verify), so its CloudCertId is not known: run `tclive cert list \
             -d DOMAIN`\n",
        )
        .assert_stderr_lacks("upload-3");
    api.state.lock().unwrap().keep_leaf_only = false;
    // A bind by id uploads nothing and says nothing of it.
    env.bind(&api.endpoint())
        .args([
            "--cert-id",
            "upload-1",
            "-d",
            "b.example.com",
            "--force",
            "--verify",
        ])
        .run()
        .assert_code(0)
        .assert_stderr_lacks("CloudCertId")
        .assert_stderr_lacks("uploaded");
}

/// `cert bind` of `new` (a key pair) to a.example.com, trusting `pki`, waiting up to `wait`
/// for the edge at `port` to serve it.
fn bind_waiting(
    env: &Env,
    pki: &Pki,
    api: &FakeLive,
    new: &Chain,
    port: u16,
    wait: &str,
    format: &str,
) -> Outcome {
    let files = new.write(env, "new");
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    env.bind(&api.endpoint())
        .env("SSL_CERT_FILE", &roots)
        .args(files.args())
        .args(["-d", "a.example.com", "--wait-served", wait, "-o", format])
        .args(connect_to("a.example.com", &[port]))
        .run()
}

#[test]
fn wait_served_waits_for_propagation_then_reports_ok() {
    let env = Env::new();
    let pki = Pki::new("Wait");
    let old = pki.chain_for(&["a.example.com"]);
    let new = pki.chain_for(&["a.example.com"]);
    // The edge hands out the new certificate from its second handshake on: the first round
    // sees the old one.
    let server = edge(vec![(
        "a.example.com",
        Serve {
            first: old.clone(),
            then: Some((1, new.clone())),
        },
    )]);
    let api = FakeLive::with_play_domains(["a.example.com"]);
    bind_waiting(&env, &pki, &api, &new, server.port, "30s", "tsv")
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\n")
        .assert_stderr_contains(
            "--wait-served: 0 of 1 domains serve the new certificate; looking again in 2 s",
        )
        .assert_stderr_contains("--wait-served: 1 of 1 domains serve the new certificate\n");
    assert!(server.accepted() >= 2, "probed at least twice");
}

#[test]
fn wait_served_deadline_marks_what_is_still_served_elsewhere() {
    let env = Env::new();
    let pki = Pki::new("Stale");
    let old = pki.chain_for(&["a.example.com"]);
    let new = pki.chain_for(&["a.example.com"]);
    let server = edge(vec![("a.example.com", serve(&old))]);
    let api = FakeLive::with_play_domains(["a.example.com"]);
    let out = bind_waiting(&env, &pki, &api, &new, server.port, "3s", "tsv");
    out.assert_code(5)
        .assert_stdout_starts_with(format!(
            "a.example.com\ton\tnot served\t\tserves {} at 127.0.0.1:{} (expires ",
            tclive::check::short_fingerprint(&old.fingerprint()),
            server.port
        ))
        .assert(
            out.stdout().trim_end().ends_with(&format!(
                "), not {}",
                tclive::check::short_fingerprint(&new.fingerprint())
            )),
            "the row names the certificate expected",
        )
        .assert_stderr_contains("--wait-served: 0 of 1 domains serve the new certificate after 3s")
        .assert_stderr_contains("1 domain: 0 ok, 0 failed, 0 mismatched, 1 not served");
    // The bind itself happened once.
    assert_eq!(api.modifies().len(), 1);
    // -o json prints the API's answer; what is still served is said on stderr.
    let api = FakeLive::with_play_domains(["a.example.com"]);
    let out = bind_waiting(&env, &pki, &api, &new, server.port, "1s", "json");
    out.assert_code(5).assert_stderr_contains(format!(
        "not served: a.example.com: serves {} at 127.0.0.1:{}",
        tclive::check::short_fingerprint(&old.fingerprint()),
        server.port
    ));
    let answer = out.json();
    assert!(answer["RequestId"].is_string(), "{answer}");
}

#[test]
fn wait_served_needs_a_certificate_and_a_real_bind() {
    let env = Env::new();
    let api = FakeLive::with_play_domains(["a.example.com"]);
    for (args, expected) in [
        (
            vec!["-d", "a.example.com:on", "--wait-served", "1m"],
            "--wait-served waits for a new certificate",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--wait-served",
                "1m",
                "--dry-run",
            ],
            "--dry-run never makes",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--connect-to",
                "a.example.com:h",
            ],
            "--wait-served",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--wait-served",
                "1m",
                "--connect-to",
                "bad",
            ],
            "--connect-to 'bad'",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--wait-served",
                "1m",
                "--plan",
            ],
            "cannot be used with",
        ),
    ] {
        env.bind(&api.endpoint())
            .args(&args)
            .run()
            .assert_code(2)
            .assert_stderr_contains(expected);
    }
    assert!(api.seen().is_empty());
}

#[test]
fn an_acme_hook_waits_until_every_covered_domain_serves_the_renewal() {
    let env = Env::new();
    let pki = Pki::new("Hook");
    let old = pki.chain_for(&["*.example.com"]);
    let new = pki.chain_for(&["*.example.com"]);
    // Two play domains the renewed wildcard covers; the second edge lags one round.
    let server = edge(vec![
        ("a.example.com", serve(&new)),
        (
            "b.example.com",
            Serve {
                first: old.clone(),
                then: Some((1, new.clone())),
            },
        ),
    ]);
    let api = FakeLive::with_play_domains(["a.example.com", "b.example.com"]);
    let lineage = new.write(&env, "live/play");
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    env.bind(&api.endpoint())
        .env("RENEWED_LINEAGE", &lineage.dir)
        .env("SSL_CERT_FILE", &roots)
        .args([
            "--from-hook-env",
            "--match-san",
            "--verify",
            "--wait-served",
            "1m",
            "-o",
            "tsv",
        ])
        .args(connect_to("a.example.com", &[server.port]))
        .args(connect_to("b.example.com", &[server.port]))
        .run()
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n")
        .assert_stderr_contains(
            "--wait-served: 1 of 2 domains serve the new certificate; looking again in 2 s",
        )
        .assert_stderr_contains("--wait-served: 2 of 2 domains serve the new certificate\n");
}

#[test]
fn wait_served_sees_the_renewal_of_an_edge_that_would_resume_the_old_session() {
    let env = Env::new();
    let pki = Pki::new("Renew");
    let old = pki.chain_for(&["a.example.com"]);
    let new = pki.chain_for(&["a.example.com"]);
    // A TLS 1.2 edge (with its session store) that serves the renewal from its second full
    // handshake on: the first round sees the old chain and gets a session; later rounds that
    // resumed it would make no full handshake, be told the old chain again, and the renewed
    // edge would stay `not served`.
    let server = edge_with(
        vec![(
            "a.example.com",
            Serve {
                first: old.clone(),
                then: Some((1, new.clone())),
            },
        )],
        &[&rustls::version::TLS12],
        |_| {},
    );
    let api = FakeLive::with_play_domains(["a.example.com"]);
    bind_waiting(&env, &pki, &api, &new, server.port, "15s", "tsv")
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\n")
        .assert_stderr_contains(
            "--wait-served: 0 of 1 domains serve the new certificate; looking again",
        )
        .assert_stderr_contains("--wait-served: 1 of 1 domains serve the new certificate\n");
    assert!(server.accepted() >= 2, "probed at least twice");
}
