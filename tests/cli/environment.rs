//! Issue #19, "nothing goes where nobody pointed it", for what tclive takes from its
//! environment: every variable it reads as text, when set to bytes that are not UTF-8, is an
//! error naming it (never its value, never a fallback such as the default profile); variables
//! that name paths may hold any bytes a path can; and a variable that is not text breaks only
//! the commands that read it. (The variables whose fallback would reach a real host are tested
//! in `private_network`.)

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::common::providers::{GH_BEARER, Providers, ROLE_ARN, WEB_TOKEN};
use crate::common::*;

#[test]
fn a_non_utf8_profile_variable_is_refused_instead_of_selecting_the_default_profile() {
    let env = Env::new();
    env.write(
        ".tencentcloud/credentials",
        format!(
            "[default]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\n\n[prod]\nsecret_id = AKIDPRODPRODPRODPROD1234\nsecret_key = ProdKeyProdKey\n"
        )
        .as_bytes(),
    );
    for var in ["TENCENTCLOUD_PROFILE", "TCCLI_PROFILE"] {
        let api = FakeApi::answering_ok();
        let out = env
            .cmd()
            .env(var, undecodable("prod"))
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
        assert!(
            api.server.requests().is_empty(),
            "{var}: bound with another profile's keys: {}",
            out.stderr()
        );
        out.assert_code(2)
            .assert_stderr_starts_with(format!("error: {var} is set but is not valid UTF-8"))
            .assert_stderr_lacks("prod");
    }
}

/// A variable, what else must be set for it to be read at all, and the exit code a value of
/// it that is not text earns.
type TextVariable = (&'static str, Vec<(&'static str, String)>, i32);

/// Every variable tclive reads as text: 2 for options and their environment forms, 4 for
/// credential settings.
fn text_variables(closed: &str) -> Vec<TextVariable> {
    let keys = || {
        vec![
            ("TENCENTCLOUD_SECRET_ID", SECRET_ID.to_string()),
            ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.to_string()),
        ]
    };
    let role = || {
        let mut v = keys();
        v.push(("TENCENTCLOUD_ROLE_ARN", ROLE_ARN.to_string()));
        v
    };
    let tke = || {
        vec![
            ("TKE_REGION", "ap-guangzhou".to_string()),
            ("TKE_PROVIDER_ID", "provider".to_string()),
            (
                "TKE_WEB_IDENTITY_TOKEN_FILE",
                "/nonexistent/token".to_string(),
            ),
            ("TKE_ROLE_ARN", ROLE_ARN.to_string()),
        ]
    };
    let github = || {
        vec![
            ("ACTIONS_ID_TOKEN_REQUEST_URL", format!("{closed}/gh-token")),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GH_BEARER.to_string()),
            (
                "TENCENTCLOUD_OIDC_PROVIDER_ID",
                "github-actions".to_string(),
            ),
            ("TENCENTCLOUD_ROLE_ARN", ROLE_ARN.to_string()),
            ("GITHUB_RUN_ID", "1234".to_string()),
            ("GITHUB_RUN_ATTEMPT", "1".to_string()),
        ]
    };
    let mut cases = vec![
        ("TENCENTCLOUD_REGION", keys(), 2),
        ("HTTPS_PROXY", keys(), 2),
        ("https_proxy", keys(), 2),
        ("HTTP_PROXY", keys(), 2),
        ("http_proxy", keys(), 2),
        ("ALL_PROXY", keys(), 2),
        ("all_proxy", keys(), 2),
        ("NO_PROXY", keys(), 2),
        ("no_proxy", keys(), 2),
        ("TENCENTCLOUD_SECRET_ID", keys(), 4),
        ("TENCENTCLOUD_SECRET_KEY", keys(), 4),
        ("TENCENTCLOUD_SESSION_TOKEN", keys(), 4),
        ("TENCENTCLOUD_TOKEN", keys(), 4),
        ("TENCENTCLOUD_ROLE_ARN", keys(), 4),
        ("TENCENTCLOUD_ROLE_SESSION_NAME", role(), 4),
        ("TENCENTCLOUD_ROLE_SESSION_DURATION", role(), 4),
        ("TKE_REGION", tke(), 4),
        ("TKE_PROVIDER_ID", tke(), 4),
        ("TKE_ROLE_ARN", tke(), 4),
        ("TENCENTCLOUD_REGION", github(), 2),
    ];
    for var in [
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "TENCENTCLOUD_OIDC_PROVIDER_ID",
        "TENCENTCLOUD_OIDC_AUDIENCE",
        "TENCENTCLOUD_ROLE_ARN",
        "GITHUB_RUN_ID",
        "GITHUB_RUN_ATTEMPT",
    ] {
        cases.push((var, github(), 4));
    }
    cases
}

#[test]
fn every_variable_that_is_set_but_not_text_is_an_error_naming_it_never_its_value() {
    let closed = closed_metadata();
    for (var, given, code) in text_variables(&closed) {
        let env = Env::new();
        let api = FakeApi::answering_ok();
        let out = env
            .cmd()
            .envs(given)
            .env(var, undecodable("Marker9"))
            .args(["--max-attempts", "1", "cert", "bind", "--cert-id", "x"])
            .args([
                "--force",
                "-d",
                "a.example.com",
                "--endpoint",
                &api.endpoint(),
            ])
            .run()
            .case(var);
        out.assert(api.server.requests().is_empty(), "nothing is sent")
            .assert_code(code)
            .assert_stderr_starts_with(format!("error: {var} is set but is not valid UTF-8"))
            // Never the value.
            .assert_stderr_lacks("Marker9");
    }
}

#[test]
fn path_variables_may_hold_any_bytes_a_path_can() {
    let env = Env::new();
    let api = FakeApi::answering_ok();
    // A directory whose name is not UTF-8 holds the files the variables name.
    let dir = env
        .home
        .path()
        .join(OsString::from_vec(b"d\xffir".to_vec()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("key"), SECRET_KEY).unwrap();
    env.cmd()
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY_FILE", dir.join("key"))
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
        .run()
        .assert_code(0);
    assert_valid_signature(&api.only_request());

    let ini = format!("[default]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\n");
    std::fs::write(dir.join("credentials"), ini).unwrap();
    env.cmd()
        .env("TENCENTCLOUD_CREDENTIALS_FILE", dir.join("credentials"))
        .args(["credentials", "show", "-o", "json"])
        .run()
        .assert_code(0);

    // An ACME client's lineage directory.
    let kp = key_pair(&["a.example.com"]);
    std::fs::write(dir.join("fullchain.pem"), &kp.cert_pem).unwrap();
    std::fs::write(dir.join("privkey.pem"), &kp.key_pem).unwrap();
    env.cmd()
        .env("RENEWED_LINEAGE", &dir)
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--from-hook-env",
            "-d",
            "a.example.com",
        ])
        .run()
        .assert_code(0);

    // TKE's token file: the path is taken as it is, and the file is what is read.
    let fakes = Providers::start(Default::default());
    std::fs::write(dir.join("token"), WEB_TOKEN).unwrap();
    env.cmd()
        .env("TCLIVE_STS_ENDPOINT", fakes.url())
        .env("TKE_REGION", "ap-guangzhou")
        .env("TKE_PROVIDER_ID", "provider")
        .env("TKE_WEB_IDENTITY_TOKEN_FILE", dir.join("token"))
        .env("TKE_ROLE_ARN", ROLE_ARN)
        .args(["credentials", "show", "-o", "json"])
        .run()
        .assert_code(0);
    assert_eq!(fakes.sts_calls("AssumeRoleWithWebIdentity").len(), 1);
}

#[test]
fn a_variable_that_is_not_text_breaks_only_the_commands_that_read_it() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let bad = |cmd: &mut assert_cmd::Command| {
        for var in [
            "TENCENTCLOUD_SECRET_ID",
            "TENCENTCLOUD_PROFILE",
            "TENCENTCLOUD_ROLE_ARN",
            "HTTPS_PROXY",
            "TCLIVE_STS_ENDPOINT",
            "TCLIVE_METADATA_ENDPOINT",
        ] {
            cmd.env(var, undecodable("x"));
        }
    };
    // `cert check` sends nothing and reads no setting of the network or the account.
    let mut cmd = env.cmd();
    bad(&mut cmd);
    cmd.env("TCLIVE_ENDPOINT", undecodable("x"))
        .env("TENCENTCLOUD_REGION", undecodable("x"))
        .args(["cert", "check"])
        .args(pair.args())
        .run()
        .assert_code(0);
    // A dry run reads no credentials and no proxy, but shows the endpoint it would use.
    let dry_run = [
        "--dry-run",
        "cert",
        "bind",
        "--cert-id",
        "x",
        "-d",
        "a.example.com",
    ];
    let mut cmd = env.cmd();
    bad(&mut cmd);
    cmd.args(dry_run).run().assert_code(0);
    env.cmd()
        .env("TCLIVE_ENDPOINT", undecodable("x"))
        .args(dry_run)
        .run()
        .assert_code(2);
}
