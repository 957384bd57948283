//! The credential chain through the binary: each source, precedence, --profile (and
//! TCCLI_PROFILE), _FILE variables, half pairs, nothing found, `credentials show` masking, and
//! `credentials show --check` trying each read action. HOME is a temporary directory: the real
//! one is never read.

use crate::common::fake_live::FakeLive;
use crate::common::fake_ssl::FakeSsl;
use crate::common::fault::{FaultServer, api_error, compute};
use crate::common::*;

fn show(cmd: &mut assert_cmd::Command) -> Outcome {
    cmd.args(["credentials", "show"]).run()
}

const MASKED: &str = "AKID****************9876";

fn ini(id: &str, key: &str) -> String {
    format!(
        "[default]\nsecret_id = {id}\nsecret_key = {key}\n\n[prod]\nsecret_id = AKIDPRODPRODPRODPROD5555\nsecret_key = {key}\ntoken = {TOKEN}\n"
    )
}

/// `~/.tencentcloud/credentials` holding [`ini`], with these permissions.
fn credentials_file(env: &Env, id: &str, mode: u32) -> std::path::PathBuf {
    let path = env.write(".tencentcloud/credentials", ini(id, SECRET_KEY).as_bytes());
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(mode)).unwrap();
    path
}

#[test]
fn environment_source_shown_masked() {
    let env = Env::new();
    show(&mut env.cmd_with_creds())
        .assert_code(0)
        .assert_stdout_eq(format!(
            "source     environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)\n\
             profile    default\n\
             secret_id  {MASKED}\n\
             token      none\n\
             role       -\n\
             expires    -\n\
             region     -\n\
             endpoint   https://live.tencentcloudapi.com/\n"
        ))
        .assert_stdout_lacks(SECRET_ID);
}

#[test]
fn show_as_json_and_tsv() {
    let env = Env::new();
    let out = show(env.cmd_with_creds().env("TENCENTCLOUD_TOKEN", TOKEN).args([
        "-o",
        "json",
        "--region",
        "ap-guangzhou",
    ]));
    out.assert_code(0);
    assert_eq!(
        out.json(),
        serde_json::json!({
            "source": "environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_TOKEN)",
            "profile": "default",
            "secret_id": MASKED,
            "token": true,
            "role": null,
            "expires": null,
            "region": "ap-guangzhou",
            "endpoint": "https://live.tencentcloudapi.com/",
        })
    );
    show(env.cmd_with_creds().args(["-o", "tsv"]))
        .assert_stdout_contains(format!("secret_id\t{MASKED}\n"));
}

#[test]
fn file_variables_are_read_and_trimmed() {
    let env = Env::new();
    let id = env.write("secrets/id", format!("{SECRET_ID}\n").as_bytes());
    let key = env.write("secrets/key", format!("  {SECRET_KEY}\r\n").as_bytes());
    let tok = env.write("secrets/tok", format!("{TOKEN}\n").as_bytes());
    let api = FakeApi::answering_ok();
    env.cmd()
        .env("TENCENTCLOUD_SECRET_ID_FILE", &id)
        .env("TENCENTCLOUD_SECRET_KEY_FILE", &key)
        .env("TENCENTCLOUD_SESSION_TOKEN_FILE", &tok)
        .args([
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--endpoint",
            &api.endpoint(),
        ])
        .run()
        .assert_code(0);
    let req = api.only_request();
    assert_eq!(header(&req, "x-tc-token"), Some(TOKEN));
    let auth = header(&req, "authorization").unwrap();
    assert!(auth.contains(&format!("Credential={SECRET_ID}/")), "{auth}");
    // The signature verifies with the trimmed key.
    assert_valid_signature(&req);

    show(
        env.cmd()
            .env("TENCENTCLOUD_SECRET_ID_FILE", &id)
            .env("TENCENTCLOUD_SECRET_KEY_FILE", &key),
    )
    .assert_stdout_contains(format!(
        "environment (TENCENTCLOUD_SECRET_ID_FILE={}, TENCENTCLOUD_SECRET_KEY_FILE={})",
        id.display(),
        key.display()
    ));
}

#[test]
fn environment_problems_exit_4_naming_the_variable() {
    let env = Env::new();
    let key = env.write("k", SECRET_KEY.as_bytes());
    let cases: Vec<(Vec<(&str, String)>, String)> = vec![
        (
            vec![("TENCENTCLOUD_SECRET_ID", SECRET_ID.into())],
            "TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not".into(),
        ),
        (
            vec![("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into())],
            "TENCENTCLOUD_SECRET_KEY is set but TENCENTCLOUD_SECRET_ID is not".into(),
        ),
        (
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID.into()),
                ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into()),
                ("TENCENTCLOUD_SECRET_KEY_FILE", key.display().to_string()),
            ],
            "both TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_SECRET_KEY_FILE are set".into(),
        ),
        (
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID.into()),
                ("TENCENTCLOUD_SECRET_KEY_FILE", "/nonexistent/key".into()),
            ],
            "TENCENTCLOUD_SECRET_KEY_FILE: cannot read /nonexistent/key: no such file".into(),
        ),
        (
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID.into()),
                (
                    "TENCENTCLOUD_SECRET_KEY",
                    format!("{SECRET_KEY} pasted twice"),
                ),
            ],
            "the SecretKey contains spaces or control characters".into(),
        ),
    ];
    for (vars, expected) in cases {
        show(env.cmd().envs(vars))
            .assert_code(4)
            .assert_stderr_contains(&expected);
    }
}

#[test]
fn credentials_file_default_and_named_profiles() {
    let env = Env::new();
    let path = credentials_file(&env, SECRET_ID, 0o600);
    show(&mut env.cmd())
        .assert_code(0)
        .assert_stdout_starts_with(format!("source     {} [default]\n", path.display()))
        .assert_stdout_contains(format!("secret_id  {MASKED}\n"))
        // No permission warning for a 0600 file.
        .assert_stderr_eq("");

    for args in [
        ["--profile", "prod", "credentials", "show"],
        ["credentials", "show", "--profile", "prod"],
    ] {
        env.cmd()
            .args(args)
            .run()
            .assert_stdout_contains("secret_id  AKID****************5555\n")
            .assert_stdout_contains("token      present\n")
            .assert_stdout_contains("profile    prod\n");
    }
    show(env.cmd().env("TENCENTCLOUD_PROFILE", "prod"))
        .assert_stdout_contains("AKID****************5555");
}

#[test]
fn precedence_env_then_file_and_profile_flag_skips_env() {
    let env = Env::new();
    credentials_file(&env, "AKIDFILEFILEFILEFILE1111", 0o600);
    // The environment wins over the file.
    show(&mut env.cmd_with_creds()).assert_stdout_contains(MASKED);
    // --profile on the command line means "that profile": the environment's keys are skipped.
    show(env.cmd_with_creds().args(["--profile", "default"]))
        .assert_stdout_contains("AKID****************1111");
    // The same after the subcommand.
    env.cmd_with_creds()
        .args(["credentials", "show", "--profile", "default"])
        .run()
        .assert_stdout_contains("AKID****************1111");
    // TENCENTCLOUD_PROFILE chooses a profile but, as with AWS_PROFILE, keys in the environment
    // still come first.
    show(env.cmd_with_creds().env("TENCENTCLOUD_PROFILE", "prod")).assert_stdout_contains(MASKED);
    // The file beats tccli.
    env.write(
        ".tccli/default.credential",
        br#"{"secretId":"AKIDTCCLITCCLITCCLI2222","secretKey":"x"}"#,
    );
    show(&mut env.cmd()).assert_stdout_contains("AKID****************1111");
}

#[test]
fn credentials_file_from_variable_and_half_pairs() {
    let env = Env::new();
    let custom = env.write(
        "custom.ini",
        format!("[default]\nsecret_id={SECRET_ID}\nsecret_key={SECRET_KEY}\n").as_bytes(),
    );
    show(env.cmd().env("TENCENTCLOUD_CREDENTIALS_FILE", &custom))
        .assert_code(0)
        .assert_stdout_contains(format!("source     {} [default]", custom.display()));

    let half = env.write(
        "half.ini",
        format!("[default]\nsecret_id = {SECRET_ID}\n").as_bytes(),
    );
    show(env.cmd().env("TENCENTCLOUD_CREDENTIALS_FILE", &half))
        .assert_code(4)
        .assert_stderr_contains(format!(
            "{} [default]: secret_id is set but secret_key is missing",
            half.display()
        ));

    let broken = env.write(
        "broken.ini",
        format!("[default\nsecret_key = {SECRET_KEY}\n").as_bytes(),
    );
    show(env.cmd().env("TENCENTCLOUD_CREDENTIALS_FILE", &broken))
        .assert_code(4)
        .assert_stderr_contains("is not valid INI");
}

#[test]
fn tccli_credential_file() {
    let env = Env::new();
    env.write(
        ".tccli/stage.credential",
        format!(r#"{{"type":"default","secretId":"{SECRET_ID}","secretKey":" {SECRET_KEY} ","token":"{TOKEN}"}}"#).as_bytes(),
    );
    show(env.cmd().args(["--profile", "stage"]))
        .assert_code(0)
        .assert_stdout_contains(".tccli/stage.credential\n")
        .assert_stdout_contains("token      present");

    env.write(
        ".tccli/role.credential",
        br#"{"type":"cvm-role","role":"r"}"#,
    );
    // A cvm-role profile asks for the instance role, never for keys left in the file; this
    // machine (a closed loopback port) has none.
    show(env.cmd().args(["--profile", "role"]))
        .assert_code(4)
        .assert_stderr_contains("role.credential: type cvm-role\n")
        .assert_stderr_contains("no instance role (not a CVM, or no role attached)");

    env.write(
        ".tccli/half.credential",
        format!(r#"{{"secretKey":"{SECRET_KEY}"}}"#).as_bytes(),
    );
    show(env.cmd().args(["--profile", "half"]))
        .assert_code(4)
        .assert_stderr_contains("secretKey is set but secretId is missing");
}

#[test]
fn nothing_found_lists_every_place_and_exits_4_before_sending() {
    let env = Env::new();
    let api = FakeApi::answering_ok();
    let home = env.home.path().display();
    env.cmd()
        .args([
            "--profile",
            "prod",
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--endpoint",
            &api.endpoint(),
        ])
        .run()
        .assert_code(4)
        .assert_stderr_starts_with("error: no credentials found for profile 'prod'. Looked at:\n")
        .assert_stderr_contains("  - environment: skipped because --profile was given\n")
        .assert_stderr_contains("Set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or write secret_id and secret_key under [prod]")
        .assert_stderr_contains(format!("{home}/.tencentcloud/credentials: no such file"))
        .assert_stderr_contains("/etc/tencentcloud/credentials")
        .assert_stderr_contains(format!("{home}/.tccli/prod.credential: no such file"));
    assert!(api.requests().is_empty());
}

#[test]
fn keys_in_the_environment_skipped_for_profile_are_named_not_asked_for() {
    let env = Env::new();
    let api = FakeApi::start();
    env.cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--profile",
            "default",
            "-d",
            "a.example.com",
        ])
        .args(["--endpoint", &api.endpoint()])
        .run()
        .assert_code(4)
        .assert_stderr_contains("environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY): set, but skipped because --profile was given")
        .assert_stderr_contains("The keys in TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY are used only without --profile: drop --profile to use them")
        .assert_stderr_lacks("Set TENCENTCLOUD_SECRET_ID");
    assert!(api.server.requests().is_empty());
}

#[test]
fn shared_credentials_file_draws_a_chmod_warning() {
    let env = Env::new();
    let path = credentials_file(&env, SECRET_ID, 0o644);
    show(&mut env.cmd())
        .assert_code(0)
        .assert_stderr_eq(format!(
            "warning: credentials file {} is readable by other users; run: chmod 600 {}\n",
            path.display(),
            path.display()
        ));
}

#[test]
fn invalid_profile_name_is_refused() {
    let env = Env::new();
    show(env.cmd().args(["--profile", "../../etc/passwd"]))
        .assert_code(2)
        .assert_stderr_contains("is not a valid profile name");
}

#[test]
fn half_a_key_pair_in_a_file_names_the_file_and_the_missing_half() {
    let cases = [
        (
            ".tencentcloud/credentials",
            format!("[default]\nsecret_id = {SECRET_ID}\n"),
            "credentials [default]: secret_id is set but secret_key is missing",
        ),
        (
            ".tencentcloud/credentials",
            format!("[default]\nsecret_key = {SECRET_KEY}\n"),
            "credentials [default]: secret_key is set but secret_id is missing",
        ),
        (
            ".tccli/default.credential",
            format!(r#"{{"secretId":"{SECRET_ID}"}}"#),
            "default.credential: secretId is set but secretKey is missing",
        ),
    ];
    for (file, content, expected) in cases {
        let env = Env::new();
        env.write(file, content.as_bytes());
        show(&mut env.cmd())
            .case(file)
            .assert_code(4)
            .assert_stderr_contains(expected);
    }
}

#[test]
fn a_secret_key_file_readable_by_others_draws_the_chmod_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let key = env.write("secret_key", format!("{SECRET_KEY}\n").as_bytes());
    let run = || {
        env.cmd()
            .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY_FILE", &key)
            .args(["credentials", "show"])
            .run()
    };
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    run().assert_code(0).assert_stderr_eq(format!(
        "warning: credentials file {} is readable by other users; run: chmod 600 {}\n",
        key.display(),
        key.display()
    ));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    run().assert_stderr_eq("");
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
        let out = env
            .cmd()
            .env("TENCENTCLOUD_CREDENTIALS_FILE", &path)
            .envs(vars.iter().copied())
            .args(["credentials", "show", "-o", "json"])
            .args(args)
            .run();
        out.assert_code(0);
        out.json()["profile"].as_str().unwrap().to_string()
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

const LISTING_EMPTY: &str =
    r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"r"}}"#;

/// A fake whose answer depends on the action: `refused` get UnauthorizedOperation.
fn by_action(refused: &'static [&'static str]) -> FaultServer {
    FaultServer::start(vec![compute(move |req| {
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
    env.cmd_with_creds()
        .args(["credentials", "show", "--check", "-o", "tsv"])
        .args(["--endpoint", &api.endpoint()])
        .run()
        .assert_code(4)
        .assert_stdout_contains("live:DescribeLiveDomainCertBindings\tallowed\t")
        .assert_stdout_contains("live:DescribeLiveDomains\tnot permitted (UnauthorizedOperation)\t")
        .assert_stdout_contains("live:DescribeLiveDomainCert\tallowed\t")
        .assert_stderr_contains("live:ModifyLiveDomainCertBindings was not tried");
    assert!(
        !api.actions()
            .contains(&"ModifyLiveDomainCertBindings".to_string())
    );

    // Everything allowed: exit 0, and -o json is one document holding the checks.
    let api = by_action(&[]);
    let ssl = FakeSsl::of(&FakeLive::with_play_domains(["a.example.com"]));
    let out = env
        .cmd_with_creds()
        .env("TCLIVE_SSL_ENDPOINT", ssl.endpoint())
        .args(["credentials", "show", "--check", "-o", "json"])
        .args(["--endpoint", &api.endpoint()])
        .run();
    out.assert_code(0);
    let v = out.json();
    let checks = v["check"].as_array().unwrap();
    assert_eq!(checks.len(), 4);
    assert_eq!(checks[3]["action"], "ssl:DescribeCertificates", "{v}");
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
fn credentials_check_on_a_suspended_account_says_so_once() {
    let env = Env::new();
    let api = FaultServer::start(vec![api_error("ResourceNotFound.StopService")]);
    env.cmd_with_creds()
        .args([
            "credentials",
            "show",
            "--check",
            "--endpoint",
            &api.endpoint(),
        ])
        .run()
        .assert_code(1)
        .assert_stderr_contains("suspended")
        // No half table.
        .assert_stdout_eq("");
    assert_eq!(api.requests().len(), 1, "the first refusal ends the check");
}

#[test]
fn credentials_check_tries_the_ssl_read_signed_for_the_ssl_service() {
    let env = Env::new();
    let api = by_action(&[]);
    let live = FakeLive::with_play_domains(["a.example.com"]);
    let ssl = FakeSsl::of(&live);
    let check = |ssl_endpoint: &str| {
        env.cmd_with_creds()
            .env("TCLIVE_SSL_ENDPOINT", ssl_endpoint)
            .args(["credentials", "show", "--check", "-o", "tsv"])
            .args(["--endpoint", &api.endpoint()])
            .run()
    };
    check(&ssl.endpoint())
        .assert_code(0)
        .assert_stdout_contains("ssl:DescribeCertificates\tallowed\t");
    // One read of one certificate, uploaded ones only, signed under service `ssl` for the
    // SSL host (the fake refuses any other signature).
    let r = ssl.requests();
    assert_eq!(ssl.actions(), ["DescribeCertificates"]);
    let body: serde_json::Value = serde_json::from_slice(&r[0].body).unwrap();
    assert_eq!(body["Limit"], 1);
    assert_eq!(body["FilterSource"], "upload");
    let host = r[0].header("host").unwrap();
    let ts: i64 = r[0].header("x-tc-timestamp").unwrap().parse().unwrap();
    assert_eq!(
        r[0].header("authorization").unwrap(),
        expected_authorization_for("ssl", &host, ts, &r[0].body)
    );
    assert!(
        r[0].header("authorization")
            .unwrap()
            .contains("/ssl/tc3_request")
    );
    assert_eq!(r[0].header("x-tc-version").as_deref(), Some("2019-12-05"));
    // No Live action went to the SSL host, and the SSL read did not go to Live's.
    assert!(!api.actions().contains(&"DescribeCertificates".to_string()));

    // CAM refusing the SSL read: its row says so; no command needs it, so the check passes.
    live.state.lock().unwrap().ssl_refuse = vec![(
        "DescribeCertificates".into(),
        "FailedOperation.CAMAuthorizedFail".into(),
    )];
    check(&ssl.endpoint())
        .assert_code(0)
        .assert_stderr_contains("ssl:UploadCertificate (key-pair binds) was not tried")
        .assert_stdout_contains(
            "ssl:DescribeCertificates\tnot permitted (FailedOperation.CAMAuthorizedFail)\t",
        )
        .assert_stdout_contains("live:DescribeLiveDomains\tallowed\t");

    // The SSL host unreachable: its row says so, the Live rows stand.
    check(&closed_metadata())
        .assert_code(0)
        .assert_stdout_contains("ssl:DescribeCertificates\tunknown: ")
        .assert_stdout_contains("live:DescribeLiveDomainCertBindings\tallowed\t");
}

#[test]
fn tclive_ssl_endpoint_keeps_the_endpoint_rules_and_names_itself() {
    let env = Env::new();
    let api = by_action(&[]);
    for (value, says) in [
        (
            std::ffi::OsString::from("http://ssl.example.com"),
            "TCLIVE_SSL_ENDPOINT 'http://ssl.example.com': http:// is allowed only for loopback hosts",
        ),
        (
            std::ffi::OsString::from("https://ssl.example.com/v3"),
            "TCLIVE_SSL_ENDPOINT 'https://ssl.example.com/v3': the API lives at the root",
        ),
        (
            undecodable("http://127.0.0.1:1"),
            "TCLIVE_SSL_ENDPOINT is set but is not valid UTF-8 text",
        ),
    ] {
        env.cmd_with_creds()
            .env("TCLIVE_SSL_ENDPOINT", &value)
            .args(["credentials", "show", "--check"])
            .args(["--endpoint", &api.endpoint()])
            .run()
            .assert_code(2)
            .assert_stderr_contains(says)
            .assert_stdout_eq("");
    }
    assert!(
        api.requests().is_empty(),
        "refused before anything was sent"
    );
    // A command that does not use the SSL service is not broken by it.
    env.cmd_with_creds()
        .env("TCLIVE_SSL_ENDPOINT", undecodable("x"))
        .args(["credentials", "show"])
        .run()
        .assert_code(0);
}
