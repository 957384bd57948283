//! Issue #12, in part: the real service's account states, permission codes and transient codes,
//! each against a fake that answers the way errorcodes.py of the official SDK documents, and
//! TCCLI_PROFILE as tccli reads it.

use crate::common::fault::{FaultServer, api_error, json};
use crate::common::*;

const LISTING_EMPTY: &str =
    r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"r"}}"#;
const BOUND: &str = r#"{"Response":{"LiveDomainCertBindings":[{"DomainName":"a.example.com","CloudCertId":"old","Status":1,"CertExpireTime":"2030-01-01 00:00:00"}],"TotalNum":1,"RequestId":"r"}}"#;

fn actions(server: &FaultServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.header("x-tc-action").unwrap_or_default())
        .collect()
}

#[test]
fn an_account_whose_live_service_is_stopped_is_a_whole_request_error_and_nothing_is_bound() {
    for (code, words) in [
        ("ResourceNotFound.FreezeService", "frozen"),
        ("ResourceNotFound.StopService", "suspended"),
        ("FailedOperation.OutOfService", "suspended"),
        ("ResourceNotFound.ForbidService", "disabled"),
        ("ResourceNotFound.UserDisableService", "switched off"),
        ("ResourceNotFound.UserNotExist", "not activated"),
    ] {
        // On the first read.
        let env = Env::new();
        let api = FaultServer::start(vec![api_error(code)]);
        let out = env
            .bind(&api.endpoint())
            .args(["--cert-id", "x", "-d", "a.example.com"])
            .run();
        assert_eq!(out.status.code(), Some(1), "{code}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(code) && err.contains(words), "{code}: {err}");
        assert!(
            err.contains("hint: the Live service of this account"),
            "{err}"
        );
        assert_eq!(actions(&api), ["DescribeLiveDomainCertBindings"], "{code}");

        // Where a key-pair bind reads the bound certificate: it used to count as "no
        // certificate" and upload.
        let api = FaultServer::start(vec![json(200, BOUND), api_error(code)]);
        let out = env
            .bind(&api.endpoint())
            .args(["-d", "a.example.com"])
            .args(env.key_pair_args(&["a.example.com"]))
            .run();
        assert_eq!(out.status.code(), Some(1), "{code}: {}", stderr(&out));
        assert_eq!(
            actions(&api),
            ["DescribeLiveDomainCertBindings", "DescribeLiveDomainCert"],
            "{code}: nothing uploaded"
        );
    }
}

#[test]
fn every_permission_code_is_not_permitted_exit_4_naming_the_cam_action() {
    for code in [
        "UnauthorizedOperation",
        "AuthFailure.UnauthorizedOperation",
        "FailedOperation.AuthError",
    ] {
        let env = Env::new();
        let api = FaultServer::start(vec![api_error(code)]);
        let out = env
            .cmd_with_creds()
            .args(["cert", "list", "--endpoint", &api.endpoint()])
            .run();
        assert_eq!(out.status.code(), Some(4), "{code}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("not permitted to call DescribeLiveDomainCertBindings"),
            "{err}"
        );
        assert!(
            err.contains("hint: allow live:DescribeLiveDomainCertBindings"),
            "{err}"
        );

        let api = FaultServer::start(vec![api_error(code)]);
        let out = env
            .bind(&api.endpoint())
            .args(["--force", "--cert-id", "x", "-d", "a.example.com"])
            .run();
        assert_eq!(out.status.code(), Some(4), "{code}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("hint: allow live:ModifyLiveDomainCertBindings"),
            "{}",
            stderr(&out)
        );

        // A key allowed to bind but not to read still binds (with a warning), whichever of
        // the three codes the read gets.
        let api = FaultServer::start(vec![api_error(code), json(200, &ok_answer(""))]);
        let out = env
            .bind(&api.endpoint())
            .args(["--cert-id", "x", "-d", "a.example.com"])
            .run();
        assert_eq!(out.status.code(), Some(0), "{code}: {}", stderr(&out));
        assert!(stderr(&out).contains("cannot read the current bindings"));
    }
}

#[test]
fn transient_codes_are_retried_for_reads_but_never_for_an_upload() {
    for code in [
        "FailedOperation.NetworkError",
        "InternalError.NetworkError",
        "InternalError.DBError",
        "InternalError.ConnectDbError",
    ] {
        let env = Env::new();
        let api = FaultServer::start(vec![api_error(code), json(200, LISTING_EMPTY)]);
        let out = env
            .cmd_with_creds()
            .args(["cert", "list", "--endpoint", &api.endpoint()])
            .run();
        assert_eq!(out.status.code(), Some(0), "{code}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("retry: {code}")),
            "{}",
            stderr(&out)
        );
        assert_eq!(api.requests().len(), 2);

        let api = FaultServer::start(vec![api_error(code), json(200, &ok_answer(""))]);
        let out = env
            .bind(&api.endpoint())
            .args(["--force", "-d", "a.example.com"])
            .args(env.key_pair_args(&["a.example.com"]))
            .run();
        assert_eq!(out.status.code(), Some(1), "{code}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("may have been uploaded"),
            "{}",
            stderr(&out)
        );
        assert_eq!(api.requests().len(), 1, "{code}: the upload was sent again");
    }
}

#[test]
fn tccli_profile_selects_the_profile_after_the_flag_and_tencentcloud_profile() {
    let env = Env::new();
    let ini = format!(
        "[default]\nsecret_id = AKIDDEFAULTDEFAULTDEFAULT1\nsecret_key = {SECRET_KEY}\n\
         [ci]\nsecret_id = AKIDCICICICICICICICICICI2\nsecret_key = {SECRET_KEY}\n\
         [prod]\nsecret_id = AKIDPRODPRODPRODPRODPROD3\nsecret_key = {SECRET_KEY}\n"
    );
    let path = env.write("creds", ini.as_bytes());
    let show = |vars: &[(&str, &str)], args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.env("TENCENTCLOUD_CREDENTIALS_FILE", &path);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["credentials", "show", "-o", "json"])
            .args(args)
            .run();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["profile"].as_str().unwrap().to_string()
    };
    assert_eq!(show(&[], &[]), "default");
    assert_eq!(show(&[("TCCLI_PROFILE", "ci")], &[]), "ci");
    assert_eq!(
        show(
            &[("TCCLI_PROFILE", "ci"), ("TENCENTCLOUD_PROFILE", "prod")],
            &[]
        ),
        "prod"
    );
    assert_eq!(
        show(&[("TCCLI_PROFILE", "ci")], &["--profile", "prod"]),
        "prod"
    );
}

#[test]
fn a_server_that_caps_pages_at_50_loses_no_rows() {
    // TotalNum 122, at most 50 a page whatever Length asks: the offset must advance by the
    // items received, not by the page size asked for.
    let api = FaultServer::start(vec![crate::common::fault::compute(|req| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        let offset = body["Offset"].as_u64().unwrap();
        let items: Vec<String> = (offset..(offset + 50).min(122))
            .map(|i| {
                format!(
                    r#"{{"DomainName":"d{i:03}.example.com","Status":1,"CertExpireTime":"2030-01-01 00:00:00"}}"#
                )
            })
            .collect();
        (
            200,
            format!(
                r#"{{"Response":{{"LiveDomainCertBindings":[{}],"TotalNum":122,"RequestId":"p"}}}}"#,
                items.join(",")
            ),
        )
    })]);
    let env = Env::new();
    let out = env
        .cmd_with_creds()
        .args(["cert", "list", "-o", "tsv", "--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 122);
    let offsets: Vec<u64> = api
        .requests()
        .iter()
        .map(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["Offset"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(offsets, [0, 50, 100]);
}

#[test]
fn a_bound_certificate_with_escaped_line_breaks_is_still_recognised() {
    // The API's example of DomainCertInfo.HttpsCrt has literal "\n" sequences: the bound
    // certificate is the one being bound, so nothing is uploaded again.
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let escaped = kp.cert_pem.trim_end().replace('\n', "\\\\n");
    let cert_info = format!(
        r#"{{"Response":{{"DomainCertInfo":{{"HttpsCrt":"{escaped}","CloudCertId":"old"}},"RequestId":"c"}}}}"#
    );
    let api = FaultServer::start(vec![json(200, BOUND), json(200, &cert_info)]);
    let c = env.write("c.pem", kp.cert_pem.as_bytes());
    let k = env.write("k.pem", kp.key_pem.as_bytes());
    let out = env
        .bind(&api.endpoint())
        .args(["-d", "a.example.com", "--cert"])
        .arg(&c)
        .arg("--key")
        .arg(&k)
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to change"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        actions(&api),
        ["DescribeLiveDomainCertBindings", "DescribeLiveDomainCert"]
    );
}

/// A fake whose answer depends on the action: `refused` get UnauthorizedOperation.
fn by_action(refused: &'static [&'static str]) -> FaultServer {
    FaultServer::start(vec![crate::common::fault::compute(move |req| {
        let action = req.header("x-tc-action").unwrap_or_default();
        let body = if refused.contains(&action.as_str()) {
            r#"{"Response":{"Error":{"Code":"UnauthorizedOperation","Message":"no"},"RequestId":"u"}}"#.to_string()
        } else {
            match action.as_str() {
                "DescribeLiveDomainCertBindings" => LISTING_EMPTY.to_string(),
                "DescribeLiveDomains" => r#"{"Response":{"AllCount":1,"DomainList":[{"Name":"play.example.com","Type":1,"Status":1}],"RequestId":"d"}}"#.to_string(),
                // The domain has no certificate: an answer of the API's own, so allowed.
                _ => r#"{"Response":{"Error":{"Code":"ResourceNotFound.CrtDomainNotFound","Message":"none"},"RequestId":"c"}}"#.to_string(),
            }
        };
        (200, body)
    })])
}

#[test]
fn credentials_check_tries_each_read_action_and_changes_nothing() {
    let env = Env::new();
    let api = by_action(&["DescribeLiveDomains"]);
    let out = env
        .cmd_with_creds()
        .args(["credentials", "show", "--check", "-o", "tsv"])
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("live:DescribeLiveDomainCertBindings\tallowed\t"),
        "{text}"
    );
    assert!(
        text.contains("live:DescribeLiveDomains\tnot permitted (UnauthorizedOperation)\t"),
        "{text}"
    );
    assert!(
        text.contains("live:DescribeLiveDomainCert\tallowed\t"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("live:ModifyLiveDomainCertBindings was not tried"),
        "{}",
        stderr(&out)
    );
    assert!(!actions(&api).contains(&"ModifyLiveDomainCertBindings".to_string()));

    // Everything allowed: exit 0, and -o json is one document holding the checks.
    let api = by_action(&[]);
    let out = env
        .cmd_with_creds()
        .args(["credentials", "show", "--check", "-o", "json"])
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let checks = v["check"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert!(checks.iter().all(|c| c["allowed"] == true), "{v}");
    // The certificate read used the account's own play domain.
    let cert_read = api
        .requests()
        .into_iter()
        .find(|r| r.header("x-tc-action").as_deref() == Some("DescribeLiveDomainCert"))
        .unwrap();
    assert!(String::from_utf8_lossy(&cert_read.body).contains("play.example.com"));
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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("could not be read from the API").count(),
        1,
        "{err}"
    );
    assert!(err.contains("a.example.com and 1 more domain"), "{err}");
    assert!(err.contains("nothing to change"), "{err}");
    assert_eq!(
        actions(&api),
        ["DescribeLiveDomainCertBindings", "DescribeLiveDomainCert"]
    );

    // Another expiry: a different certificate is bound, so this one is bound.
    let api = FaultServer::start(vec![
        json(200, &listing("2030-01-01 08:00:00")),
        json(200, garbage),
        json(200, &ok_answer("")),
    ]);
    let out = run(&api);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(actions(&api).contains(&"ModifyLiveDomainCertBindings".to_string()));
}

#[test]
fn credentials_check_on_a_suspended_account_says_so_once() {
    let env = Env::new();
    let api = FaultServer::start(vec![api_error("ResourceNotFound.StopService")]);
    let out = env
        .cmd_with_creds()
        .args([
            "credentials",
            "show",
            "--check",
            "--endpoint",
            &api.endpoint(),
        ])
        .run();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("suspended"), "{}", stderr(&out));
    assert_eq!(api.requests().len(), 1, "the first refusal ends the check");
    assert_eq!(stdout(&out), "", "no half table");
}
