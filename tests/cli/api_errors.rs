//! The API's errors instead of a result, each against a fake that answers the way the
//! official SDK's errorcodes.py documents: an error for the whole request (exit 1, its code,
//! message and RequestId), auth failures (exit 4 and a hint), an account whose Live service is
//! stopped (nothing bound), permission codes (exit 4 naming the CAM action), and a key that
//! may bind but not read.

use crate::common::fault::{FaultServer, api_error, json};
use crate::common::*;

#[test]
fn api_error_for_the_whole_request_exits_1_and_names_code_message_and_request_id() {
    let env = Env::new();
    let api = FakeApi::start();
    let body = r#"{"Response":{"Error":{"Code":"InvalidParameter.CloudCrtIdError","Message":"Incorrect certificate ID."},"RequestId":"req-err"}}"#;
    api.answer(200, body);
    env.bind(&api.endpoint())
        .args(["--cert-id", "nope", "-d", "a.example.com"])
        .run()
        .assert_code(1)
        .assert_stdout_eq("")
        .assert_stderr_eq(
            "error: InvalidParameter.CloudCrtIdError: Incorrect certificate ID. (RequestId req-err)\n",
        );
    // json still prints the Response as received.
    let out = env
        .bind(&api.endpoint())
        .args(["--cert-id", "nope", "-d", "a.example.com", "-o", "json"])
        .run();
    out.assert_code(1);
    let v = out.json();
    assert_eq!(v["Error"]["Code"], "InvalidParameter.CloudCrtIdError");
    assert_eq!(v["RequestId"], "req-err");
}

#[test]
fn auth_failure_exits_4_with_a_hint() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(
        200,
        r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"r-auth"}}"#,
    );
    env.bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .run()
        .assert_code(4)
        .assert_stderr_starts_with("error: AuthFailure.SignatureFailure: The provided credentials could not be validated. (RequestId r-auth)\nhint: ");
}

#[test]
fn an_error_beside_results_wins() {
    let env = Env::new();
    let server = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"Errors":[],"MismatchedDomainNames":[],"Error":{"Code":"InvalidParameter","Message":"both"},"RequestId":"r-both"}}"#,
    )]);
    env.bind(&server.endpoint())
        // --force: straight to the change request, so the script answers that alone.
        .args(["--force", "--cert-id", "hZy2N9vF", "-d", "a.example.com"])
        .args(["-o", "tsv"])
        .run()
        .assert_code(1)
        // No result rows for a refused request.
        .assert_stdout_eq("")
        .assert_stderr_eq("error: InvalidParameter: both (RequestId r-both)\n");
}

#[test]
fn an_error_whose_code_is_empty_blank_or_missing_is_an_unknown_error_never_a_success() {
    // Found by fuzzing (fuzz/regressions/api_envelope/): a broken or hostile server's refusal
    // with an empty Code.
    for error in [
        r#"{"Code":""}"#,
        r#"{"Code":"\t \u00a0"}"#,
        r#"{"Code":null,"Message":"try later"}"#,
        r#"{}"#,
    ] {
        let env = Env::new();
        let body = format!(r#"{{"Response":{{"Error":{error},"RequestIe":"r"}}}}"#);
        let server = FaultServer::start(vec![json(200, &body)]);
        let said = if error.contains("try later") {
            ": try later"
        } else {
            ""
        };
        env.bind(&server.endpoint())
            // --force: straight to the change request, so the script answers that alone.
            .args(["--force", "--cert-id", "hZy2N9vF", "-d", "a.example.com"])
            .run()
            .assert_code(1)
            .assert_stdout_eq("")
            .assert_stderr_eq(format!(
                "error: UnknownError: the service answered an error without a code{said} (RequestId -)\n"
            ));
        assert_eq!(
            server.actions(),
            ["ModifyLiveDomainCertBindings"],
            "{error}"
        );
        // -o json: the Response as received, and the same exit code.
        let out = env
            .bind(&server.endpoint())
            .args(["--force", "--cert-id", "hZy2N9vF", "-d", "a.example.com"])
            .args(["-o", "json"])
            .run();
        out.assert_code(1);
        assert_eq!(out.json()["RequestIe"], "r", "{error}");
    }
}

#[test]
fn a_key_that_may_bind_but_not_read_binds_every_domain_with_a_warning() {
    let env = Env::new();
    let api = FakeApi::start_reading(
        r#"{"Response":{"Error":{"Code":"AuthFailure.UnauthorizedOperation","Message":"no read"},"RequestId":"r"}}"#,
    );
    api.answer(200, &ok_answer(""));
    env.bind(&api.endpoint())
        .args(["--cert-id", "X", "-d", "a.example.com", "-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stderr_starts_with(
            "warning: cannot read the current bindings (AuthFailure.UnauthorizedOperation): binding every domain",
        );
    assert_eq!(api.requests().len(), 1);
    // --plan needs the reads: the refusal is the answer.
    env.bind(&api.endpoint())
        .args(["--plan", "--cert-id", "X", "-d", "a.example.com"])
        .run()
        .assert_code(4);
}

const BOUND: &str = r#"{"Response":{"LiveDomainCertBindings":[{"DomainName":"a.example.com","CloudCertId":"old","Status":1,"CertExpireTime":"2030-01-01 00:00:00"}],"TotalNum":1,"RequestId":"r"}}"#;

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
        env.bind(&api.endpoint())
            .args(["--cert-id", "x", "-d", "a.example.com"])
            .run()
            .assert_code(1)
            .assert_stderr_contains(code)
            .assert_stderr_contains(words)
            .assert_stderr_contains("hint: the Live service of this account");
        assert_eq!(api.actions(), ["DescribeLiveDomainCertBindings"], "{code}");

        // Where a key-pair bind reads the bound certificate: it used to count as "no
        // certificate" and upload.
        let api = FaultServer::start(vec![json(200, BOUND), api_error(code)]);
        env.bind(&api.endpoint())
            .args(["-d", "a.example.com"])
            .args(env.key_pair_args(&["a.example.com"]))
            .run()
            .assert_code(1);
        assert_eq!(
            api.actions(),
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
        env.at(&api.endpoint())
            .args(["cert", "list"])
            .run()
            .assert_code(4)
            .assert_stderr_contains("not permitted to call DescribeLiveDomainCertBindings")
            .assert_stderr_contains("hint: allow live:DescribeLiveDomainCertBindings");

        let api = FaultServer::start(vec![api_error(code)]);
        env.bind(&api.endpoint())
            .args(["--force", "--cert-id", "x", "-d", "a.example.com"])
            .run()
            .assert_code(4)
            .assert_stderr_contains("hint: allow live:ModifyLiveDomainCertBindings");

        // A key allowed to bind but not to read still binds (with a warning), whichever of
        // the three codes the read gets.
        let api = FaultServer::start(vec![api_error(code), json(200, &ok_answer(""))]);
        env.bind(&api.endpoint())
            .args(["--cert-id", "x", "-d", "a.example.com"])
            .run()
            .assert_code(0)
            .assert_stderr_contains("cannot read the current bindings");
    }
}
