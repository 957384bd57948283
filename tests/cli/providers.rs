//! Credentials without long-lived keys, end to end through the binary: the instance role,
//! STS AssumeRole, TKE's and GitHub Actions' OIDC identities and tccli's profile types, each
//! against loopback fakes of the services (`common/providers.rs`), each driving a bind whose
//! signature the test checks against the temporary keys, and `credentials show` for each;
//! keys that arrive expired or are about to. Every output goes through the leak check, which
//! knows every temporary secret.

use std::time::Duration;

use crate::common::providers::*;
use crate::common::*;

/// The binary with the credential services pointed at `p`, no stored keys.
fn cmd(env: &Env, p: &Providers) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.via(p);
    c
}

fn bind(c: &mut assert_cmd::Command, api: &FakeApi) -> Outcome {
    c.args(["cert", "bind", "--cert-id", "abc", "-d", "a.example.com"])
        .args(["--endpoint", &api.endpoint()])
        .run()
}

fn show_json(c: &mut assert_cmd::Command) -> serde_json::Value {
    let out = c.args(["credentials", "show", "-o", "json"]).run();
    out.assert_code(0);
    out.json()
}

fn bind_api() -> FakeApi {
    let api = FakeApi::start();
    api.answer(
        200,
        &ok_answer(r#""MismatchedDomainNames":[],"Errors":[],"#),
    );
    api
}

#[test]
fn instance_role_binds_with_its_temporary_keys_fetched_once() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let api = bind_api();
    bind(&mut cmd(&env, &p), &api).assert_code(0);
    assert_signed_with(
        &api.only_request(),
        CVM_ID,
        &format!("{CVM_KEY}1"),
        &format!("{CVM_TOKEN}1"),
    );
    // The read before the bind and the bind itself: one fetch of the keys for the run.
    assert_eq!(api.server.requests().len(), 2);
    assert_eq!(p.cvm_key_fetches(), 1);
    let paths: Vec<String> = p.requests().iter().map(|r| r.path().to_string()).collect();
    assert_eq!(
        paths,
        [
            "/latest/meta-data/cam/security-credentials/".to_string(),
            format!("/latest/meta-data/cam/security-credentials/{ROLE}"),
        ]
    );

    let v = show_json(&mut cmd(&env, &p));
    assert_eq!(v["source"], "CVM instance role (metadata service)");
    assert_eq!(v["role"], ROLE);
    assert_eq!(v["token"], true);
    assert_eq!(v["secret_id"], "AKID****************0001");
    let expires = v["expires"].as_str().expect("an expiry");
    assert!(expires.ends_with('Z') && expires.len() == 20, "{expires}");
    cmd(&env, &p)
        .args(["credentials", "show"])
        .run()
        .assert_stdout_contains(format!("role       {ROLE}\n"));
}

#[test]
fn no_instance_role_is_named_with_every_source_looked_at() {
    let env = Env::new();
    let api = bind_api();
    // Not a CVM: nothing listens at the metadata address.
    let out = bind(&mut env.cmd(), &api);
    out.assert_code(4);
    for line in [
        "no credentials found for profile 'default'. Looked at:",
        "  - environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
        "  - TKE OIDC:",
        "  - GitHub Actions OIDC:",
        "no instance role (not a CVM, or no role attached)",
        "on a CVM, attach a CAM role to the instance",
    ] {
        out.assert_stderr_contains(line);
    }
    // A CVM without a role: the metadata service answers 404.
    let p = Providers::start(Script {
        role: None,
        ..Script::default()
    });
    bind(&mut cmd(&env, &p), &api)
        .assert_code(4)
        .assert_stderr_contains("no instance role (not a CVM, or no role attached): the metadata service names no role (HTTP 404)");
    // Asked for by name, the error is about the instance role alone.
    bind(env.cmd().args(["--credentials-source", "cvm-role"]), &api)
        .assert_code(4)
        .assert_stderr_starts_with("error: --credentials-source cvm-role: CVM instance role (");
    assert!(api.requests().is_empty(), "nothing was bound");
}

#[test]
fn credentials_source_cvm_role_comes_before_keys_in_the_environment() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let api = bind_api();
    bind(
        cmd(&env, &p)
            .stored_keys()
            .args(["--credentials-source", "cvm-role"]),
        &api,
    )
    .assert_code(0);
    assert_signed_with(
        &api.only_request(),
        CVM_ID,
        &format!("{CVM_KEY}1"),
        &format!("{CVM_TOKEN}1"),
    );
    // And the environment's keys are used without it (the chain's first source).
    bind(cmd(&env, &p).stored_keys(), &api).assert_code(0);
    assert_valid_signature(&api.requests()[1]);
    assert_eq!(p.cvm_key_fetches(), 1);
}

#[test]
fn assume_role_with_keys_from_the_environment() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let api = bind_api();
    bind(
        cmd(&env, &p)
            .assuming_role()
            .env("TENCENTCLOUD_ROLE_SESSION_NAME", "renewal-42")
            .env("TENCENTCLOUD_ROLE_SESSION_DURATION", "900"),
        &api,
    )
    .assert_code(0);
    // STS checked the TC3 signature (service sts) made with the stored keys.
    let calls = p.sts_calls("AssumeRole");
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call.header("x-tc-version").as_deref(), Some("2018-08-13"));
    assert_eq!(call.header("x-tc-region").as_deref(), Some("ap-guangzhou"));
    assert!(
        call.header("authorization")
            .unwrap()
            .contains("/sts/tc3_request"),
        "signed for service sts"
    );
    let body: serde_json::Value = serde_json::from_slice(call.body_ref()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"RoleArn": ROLE_ARN, "RoleSessionName": "renewal-42", "DurationSeconds": 900})
    );
    // The bind is signed with what STS issued.
    assert_signed_with(&api.only_request(), STS_ID, STS_KEY, STS_TOKEN);

    let v = show_json(cmd(&env, &p).assuming_role());
    assert_eq!(
        v["source"],
        "STS AssumeRole, signed with environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)"
    );
    assert_eq!(v["role"], ROLE_ARN);
    assert_eq!(v["secret_id"], "AKID****************RY02");
    assert!(v["expires"].is_string());
}

#[test]
fn sts_refusal_is_exit_4_with_its_code_and_nothing_is_bound() {
    let env = Env::new();
    let p = Providers::start(Script {
        sts_error: Some((
            "InvalidParameter.RoleNotExist".into(),
            "The role does not exist.".into(),
        )),
        ..Script::default()
    });
    let api = bind_api();
    bind(cmd(&env, &p).assuming_role(), &api)
        .assert_code(4)
        .assert_stderr_eq(format!(
            "error: STS AssumeRole ({ROLE_ARN}): InvalidParameter.RoleNotExist: The role does not exist. (RequestId sts-err)\n"
        ));
    assert!(api.server.requests().is_empty());
    // Keys STS does not accept: its own signature check fails.
    let p = Providers::start(Script::default());
    bind(
        cmd(&env, &p)
            .assuming_role()
            .env("TENCENTCLOUD_SECRET_KEY", "SomeOtherKeyThanTheOneSTSKnows"),
        &api,
    )
    .assert_code(4)
    .assert_stderr_contains("AuthFailure.SignatureFailure");
    // A session name or length STS would refuse never leaves the machine either.
    for (var, value, expected) in [
        (
            "TENCENTCLOUD_ROLE_SESSION_NAME",
            "has space",
            "the role session name may hold only",
        ),
        (
            "TENCENTCLOUD_ROLE_SESSION_DURATION",
            "90000",
            "must be a number of seconds from 1 to 43200",
        ),
        (
            "TENCENTCLOUD_ROLE_SESSION_DURATION",
            "2h",
            "must be a number of seconds",
        ),
    ] {
        bind(cmd(&env, &p).assuming_role().env(var, value), &api)
            .assert_code(4)
            .assert_stderr_contains(expected);
    }
    // A role that is not an ARN never leaves the machine.
    bind(
        cmd(&env, &p)
            .stored_keys()
            .env("TENCENTCLOUD_ROLE_ARN", "deployer"),
        &api,
    )
    .assert_code(4)
    .assert_stderr_contains("is not a CAM role ARN");
    assert_eq!(
        p.requests().len(),
        1,
        "only the refused signature reached STS"
    );
    assert!(api.server.requests().is_empty());
}

#[test]
fn profiles_that_name_a_role_assume_it() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let api = bind_api();
    env.write(
        ".tencentcloud/credentials",
        format!(
            "[ci]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\nrole_arn = {ROLE_ARN}\nrole_session_name = from-ini\n"
        )
        .as_bytes(),
    );
    bind(cmd(&env, &p).args(["--profile", "ci"]), &api).assert_code(0);
    let body: serde_json::Value =
        serde_json::from_slice(p.sts_calls("AssumeRole")[0].body_ref()).unwrap();
    assert_eq!(body["RoleSessionName"], "from-ini");
    assert_eq!(body["DurationSeconds"], 7200);
    assert_signed_with(&api.requests()[0], STS_ID, STS_KEY, STS_TOKEN);

    // tccli's form: role-arn and role-session-name beside the keys.
    env.write(
        ".tccli/cross.credential",
        format!(
            r#"{{"type":"default","secretId":"{SECRET_ID}","secretKey":"{SECRET_KEY}","role-arn":"{ROLE_ARN}","role-session-name":"from-tccli"}}"#
        )
        .as_bytes(),
    );
    bind(cmd(&env, &p).args(["--profile", "cross"]), &api).assert_code(0);
    let calls = p.sts_calls("AssumeRole");
    let body: serde_json::Value = serde_json::from_slice(calls[1].body_ref()).unwrap();
    assert_eq!(body["RoleSessionName"], "from-tccli");
    assert_signed_with(&api.requests()[1], STS_ID, STS_KEY, STS_TOKEN);
}

#[test]
fn tke_pod_identity_binds_through_assume_role_with_web_identity() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let api = bind_api();
    let token_file = env.write("tke/token", format!("{WEB_TOKEN}\n").as_bytes());
    let tke = || {
        let mut c = cmd(&env, &p);
        c.env("TKE_REGION", "ap-shanghai")
            .env("TKE_PROVIDER_ID", "cls-abc123")
            .env("TKE_WEB_IDENTITY_TOKEN_FILE", &token_file)
            .env("TKE_ROLE_ARN", ROLE_ARN);
        c
    };
    bind(&mut tke(), &api).assert_code(0);
    let calls = p.sts_calls("AssumeRoleWithWebIdentity");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].header("authorization").as_deref(), Some("SKIP"));
    assert_eq!(
        calls[0].header("x-tc-region").as_deref(),
        Some("ap-shanghai")
    );
    let body: serde_json::Value = serde_json::from_slice(calls[0].body_ref()).unwrap();
    assert_eq!(body["ProviderId"], "cls-abc123");
    assert_eq!(body["WebIdentityToken"], WEB_TOKEN);
    assert_eq!(body["RoleArn"], ROLE_ARN);
    assert!(
        body["RoleSessionName"]
            .as_str()
            .unwrap()
            .starts_with("tclive-tke-")
    );
    assert_signed_with(&api.only_request(), STS_ID, STS_KEY, STS_TOKEN);

    let v = show_json(&mut tke());
    assert_eq!(
        v["source"],
        "STS AssumeRoleWithWebIdentity (TKE OIDC token)"
    );
    assert_eq!(v["role"], ROLE_ARN);

    // Three of the four variables: named, exit 4, nothing fetched.
    let before = p.requests().len();
    bind(
        cmd(&env, &p)
            .env("TKE_REGION", "ap-shanghai")
            .env("TKE_PROVIDER_ID", "cls-abc123")
            .env("TKE_ROLE_ARN", ROLE_ARN),
        &api,
    )
    .assert_code(4)
    .assert_stderr_contains("TKE OIDC: TKE_WEB_IDENTITY_TOKEN_FILE not set");
    assert_eq!(p.requests().len(), before);
}

#[test]
fn github_actions_job_binds_without_any_secret() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let api = bind_api();
    bind(cmd(&env, &p).in_github_job(&p), &api).assert_code(0);
    let token_calls: Vec<_> = p
        .requests()
        .into_iter()
        .filter(|r| r.path().starts_with("/gh-token"))
        .collect();
    assert_eq!(token_calls.len(), 1);
    assert_eq!(
        token_calls[0].path(),
        "/gh-token?api-version=2.0&audience=sts.tencentcloudapi.com"
    );
    let calls = p.sts_calls("AssumeRoleWithWebIdentity");
    let body: serde_json::Value = serde_json::from_slice(calls[0].body_ref()).unwrap();
    assert_eq!(body["ProviderId"], "github-actions");
    assert_eq!(body["WebIdentityToken"], WEB_TOKEN);
    assert_eq!(body["RoleSessionName"], "tclive-gha-1234567-2");
    assert_signed_with(&api.only_request(), STS_ID, STS_KEY, STS_TOKEN);

    let v = show_json(
        cmd(&env, &p)
            .in_github_job(&p)
            .env("TENCENTCLOUD_OIDC_AUDIENCE", "tclive-ci"),
    );
    assert_eq!(
        v["source"],
        "STS AssumeRoleWithWebIdentity (GitHub Actions OIDC token)"
    );
    assert_eq!(v["role"], ROLE_ARN);
    assert!(
        p.requests()
            .iter()
            .any(|r| r.path().ends_with("&audience=tclive-ci"))
    );

    // A job without `id-token: write` has no token URL: the configured provider says so.
    bind(
        cmd(&env, &p)
            .env("TENCENTCLOUD_OIDC_PROVIDER_ID", "github-actions")
            .env("TENCENTCLOUD_ROLE_ARN", ROLE_ARN),
        &api,
    )
    .assert_code(4)
    .assert_stderr_contains("permissions: id-token: write");
    // A bearer the endpoint refuses.
    bind(
        cmd(&env, &p)
            .in_github_job(&p)
            .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "not-the-job-token"),
        &api,
    )
    .assert_code(4)
    .assert_stderr_contains("GitHub Actions OIDC token: the token endpoint answered HTTP 403");
    assert_eq!(api.requests().len(), 1, "only the first bind was sent");
}

#[test]
fn transient_failures_of_sts_and_github_are_retried() {
    let env = Env::new();
    // GitHub's endpoint answers 503 once, then STS InternalError once.
    let p = Providers::start(Script {
        gh_transient: 1,
        sts_transient: 1,
        ..Script::default()
    });
    let api = bind_api();
    bind(cmd(&env, &p).in_github_job(&p), &api)
        .assert_code(0)
        .assert_stderr_contains("retry: GitHub Actions OIDC token: HTTP 503; attempt 2 of 4 in ")
        .assert_stderr_contains(
            "retry: AssumeRoleWithWebIdentity: InternalError; attempt 2 of 4 in ",
        );
    assert_eq!(p.sts_calls("AssumeRoleWithWebIdentity").len(), 2);
    assert_signed_with(&api.only_request(), STS_ID, STS_KEY, STS_TOKEN);
    // --max-attempts 1: no retry, the service's words and exit 4.
    let p = Providers::start(Script {
        sts_transient: 1,
        ..Script::default()
    });
    bind(
        cmd(&env, &p).assuming_role().args(["--max-attempts", "1"]),
        &api,
    )
    .assert_code(4)
    .assert_stderr_contains("InternalError: An internal error occurred.");
    assert_eq!(api.requests().len(), 1);
}

#[test]
fn tccli_profile_types() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let api = bind_api();
    // cvm-role with stale keys left in the file: the instance role, never those keys.
    env.write(
        ".tccli/cvm.credential",
        format!(r#"{{"type":"cvm-role","secretId":"{SECRET_ID}","secretKey":"{SECRET_KEY}"}}"#)
            .as_bytes(),
    );
    bind(cmd(&env, &p).args(["--profile", "cvm"]), &api).assert_code(0);
    assert_signed_with(
        &api.requests()[0],
        CVM_ID,
        &format!("{CVM_KEY}1"),
        &format!("{CVM_TOKEN}1"),
    );
    // oauth (tccli auth login) with keys still valid: used, with their token and expiry.
    let later = now() + 3600;
    env.write(
        ".tccli/sso-ok.credential",
        format!(
            r#"{{"type":"oauth","secretId":"{SECRET_ID}","secretKey":"{SECRET_KEY}","token":"{TOKEN}","expiresAt":{later},"oauth":{{"openId":"x"}}}}"#
        )
        .as_bytes(),
    );
    bind(cmd(&env, &p).args(["--profile", "sso-ok"]), &api).assert_code(0);
    assert_signed_with(&api.requests()[1], SECRET_ID, SECRET_KEY, TOKEN);
    let v = show_json(cmd(&env, &p).args(["--profile", "sso-ok"]));
    assert_eq!(v["expires"], tclive::clock::utc(later));
    // Expired: refused before anything is sent, with the command that renews them.
    for (kind, login) in [("oauth", "tccli auth login"), ("sso", "tccli sso login")] {
        env.write(
            &format!(".tccli/{kind}-old.credential"),
            format!(
                r#"{{"type":"{kind}","secretId":"{SECRET_ID}","secretKey":"{SECRET_KEY}","token":"{TOKEN}","expiresAt":{}}}"#,
                now() - 60
            )
            .as_bytes(),
        );
        bind(
            cmd(&env, &p).args(["--profile", &format!("{kind}-old")]),
            &api,
        )
        .assert_code(4)
        .assert_stderr_contains(format!(
            "the {kind} credentials of profile '{kind}-old' expired at "
        ))
        .assert_stderr_contains(format!("run `{login}` again"));
    }
    env.write(".tccli/odd.credential", br#"{"type":"saml"}"#);
    bind(cmd(&env, &p).args(["--profile", "odd"]), &api)
        .assert_code(4)
        .assert_stderr_contains("credential type 'saml' is not one tclive knows");
    assert_eq!(api.requests().len(), 2, "the refused profiles sent nothing");
}

#[test]
fn keys_about_to_expire_are_fetched_again_once_not_per_request() {
    let env = Env::new();
    // Keys valid for 3 s: renewed once less than half of that is left.
    let p = Providers::start(Script {
        cvm_valid_for: 3,
        ..Script::default()
    });
    // Read back as bound (--force: the bind does not read first).
    let api = FakeApi::start_reading(
        r#"{"Response":{"LiveDomainCertBindings":[{"DomainName":"a.example.com","CloudCertId":"abc","Status":1,"CertExpireTime":"2030-01-01 00:00:00"}],"TotalNum":1,"RequestId":"r"}}"#,
    );
    // The bind's answer takes 2.5 s: the read back after it needs new keys.
    api.answer_after(
        Duration::from_millis(2500),
        200,
        &ok_answer(r#""MismatchedDomainNames":[],"Errors":[],"#),
    );
    cmd(&env, &p)
        .args([
            "cert",
            "bind",
            "--cert-id",
            "abc",
            "-d",
            "a.example.com",
            "--verify",
            "--force",
        ])
        .args(["--endpoint", &api.endpoint()])
        .run()
        .assert_code(0)
        .assert_stderr_contains("credentials: temporary keys renewed (CVM instance role (metadata service)), valid until ");
    let all = api.server.requests();
    assert_eq!(all.len(), 2, "bind, read back");
    assert_signed_with(
        &all[0],
        CVM_ID,
        &format!("{CVM_KEY}1"),
        &format!("{CVM_TOKEN}1"),
    );
    assert_signed_with(
        &all[1],
        CVM_ID,
        &format!("{CVM_KEY}2"),
        &format!("{CVM_TOKEN}2"),
    );
    assert_eq!(p.cvm_key_fetches(), 2);
}

#[test]
fn hostile_credential_services_are_refused_and_never_leak() {
    let env = Env::new();
    let api = bind_api();
    // A redirect from STS is not followed.
    let p = Providers::start(Script {
        hostile: Some((
            302,
            String::new(),
            vec![("Location".into(), "http://127.0.0.1:9/steal".into())],
        )),
        ..Script::default()
    });
    bind(cmd(&env, &p).assuming_role(), &api)
        .assert_code(4)
        .assert_stderr_contains("answered with a redirect (HTTP 302); not followed");
    assert_eq!(p.requests().len(), 1);
    // An endless answer from the metadata service stops at the cap.
    let p = Providers::start(Script {
        hostile: Some((200, "x".repeat(200 * 1024), vec![])),
        ..Script::default()
    });
    bind(&mut cmd(&env, &p), &api)
        .assert_code(4)
        .assert_stderr_contains("larger than 64 KiB");
    // A keys answer that is not JSON, and one that is not a success.
    let p = Providers::start(Script {
        hostile: Some((200, "tclive-deployer".into(), vec![])),
        ..Script::default()
    });
    bind(&mut cmd(&env, &p), &api)
        .assert_code(4)
        .assert_stderr_contains("not the expected JSON");
    assert!(api.requests().is_empty());
    // A role name that would leave the path (or is not a CAM name) is never asked for.
    for role in ["..", "a/../../b", "r?x=1"] {
        let p = Providers::start(Script {
            role: Some(role.into()),
            ..Script::default()
        });
        bind(&mut cmd(&env, &p), &api)
            .case(role)
            .assert_code(4)
            .assert_stderr_contains("gave a role name that is not one");
        assert_eq!(p.requests().len(), 1, "{role}: only the name was asked for");
    }
    // -v traces the calls without what they carry.
    let p = Providers::start(Script::default());
    bind(cmd(&env, &p).assuming_role().arg("-v"), &api)
        .assert_code(0)
        .assert_stderr_contains(
            "(AssumeRole; its headers and body are not shown: they hold credentials)",
        )
        .assert_stderr_contains("not shown: it holds credentials)");
    // Overrides that would send credentials requests in clear text elsewhere are refused.
    for (var, value) in [
        ("TCLIVE_METADATA_ENDPOINT", "http://10.0.0.1"),
        ("TCLIVE_STS_ENDPOINT", "http://sts.example.com"),
    ] {
        bind(env.cmd().stored_keys().env(var, value), &api)
            .assert_code(2)
            .assert_stderr_starts_with(format!("error: {var}"));
    }
}

#[test]
fn credentials_source_names_the_one_source_to_use() {
    let env = Env::new();
    let p = Providers::start(Script::default());
    let ini = env.write(
        ".tencentcloud/credentials",
        format!("[default]\nsecret_id = AKIDFROMTHEFILEFILE12345\nsecret_key = {SECRET_KEY}\n")
            .as_bytes(),
    );
    env.write(
        ".tccli/default.credential",
        format!(r#"{{"secretId":"AKIDFROMTCCLITCCLI678901","secretKey":"{SECRET_KEY}"}}"#)
            .as_bytes(),
    );
    let with_env = |source: &str| {
        let mut c = cmd(&env, &p);
        c.stored_keys().args(["--credentials-source", source]);
        c
    };
    for (source, id) in [
        ("auto", "AKID****************9876"),
        ("env", "AKID****************9876"),
        ("file", "AKID****************2345"),
        ("tccli", "AKID****************8901"),
    ] {
        let v = show_json(&mut with_env(source));
        assert_eq!(v["secret_id"], id, "{source}");
    }
    let v = show_json(&mut with_env("file"));
    assert_eq!(v["source"], format!("{} [default]", ini.display()));
    // Only the source named is looked at: its absence is the error, the others unmentioned.
    cmd(&env, &p)
        .args(["--credentials-source", "env", "credentials", "show"])
        .run()
        .assert_code(4)
        .assert_stderr_contains(
            "  - environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
        )
        .assert_stderr_lacks(".tencentcloud/credentials")
        .assert_stderr_lacks("CVM")
        .assert_stderr_ends_with(
            "Set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (or their _FILE forms).\n",
        );
    for (source, line) in [
        ("tke", "  - TKE OIDC: TKE_REGION, TKE_PROVIDER_ID"),
        ("github", "  - GitHub Actions OIDC: not in a job"),
    ] {
        with_env(source)
            .args(["credentials", "show"])
            .run()
            .assert_code(4)
            .assert_stderr_contains(line)
            .assert_stderr_lacks("environment:")
            .assert_stderr_lacks("~/.tencentcloud/credentials");
    }
    assert!(p.requests().is_empty(), "no source named the instance role");
}

#[test]
fn temporary_keys_that_arrive_already_expired_are_refused_saying_when_and_why() {
    // The service, what it is told to hand out, and whether the chain needs stored keys
    // assuming a role to ask it.
    let cases: Vec<(&str, Script, bool)> = vec![
        (
            "CVM instance role",
            Script {
                cvm_valid_for: -600,
                ..Script::default()
            },
            false,
        ),
        (
            "STS AssumeRole",
            Script {
                sts_valid_for: -600,
                ..Script::default()
            },
            true,
        ),
    ];
    for (what, script, assume) in cases {
        let env = Env::new();
        let fakes = Providers::start(script);
        let api = FakeApi::answering_ok();
        let expired = crate::common::now() - 600;
        let mut c = cmd(&env, &fakes);
        if assume {
            c.assuming_role();
        }
        let out = c
            .args([
                "cert",
                "bind",
                "--cert-id",
                "x",
                "--force",
                "-d",
                "a.example.com",
            ])
            .args(["--endpoint", &api.endpoint()])
            .run();
        let received = api.server.requests();
        assert!(
            received.is_empty(),
            "{what}: signed with expired keys: {received:?}"
        );
        out.assert_code(4)
            .assert_stderr_starts_with(format!("error: {what}"))
            .assert_stderr_contains("this machine's clock");
        // When, to the minute (the fake's clock and the assertion's may straddle a second).
        let minutes = [expired, crate::common::now() - 600].map(tclive::clock::utc);
        out.assert(
            minutes.iter().any(|m| {
                out.stderr()
                    .contains(&format!("already expired at {}", &m[..16]))
            }),
            format!("says when the keys expired: {minutes:?}"),
        );
    }
}
