//! The credential chain through the binary: each source, precedence, --profile, _FILE
//! variables, half pairs, nothing found, and `credentials show` masking. HOME is a temporary
//! directory: the real one is never read.

use crate::common::*;

fn show(cmd: &mut assert_cmd::Command) -> std::process::Output {
    cmd.args(["credentials", "show"]).run()
}

const MASKED: &str = "AKID****************9876";

fn ini(id: &str, key: &str) -> String {
    format!(
        "[default]\nsecret_id = {id}\nsecret_key = {key}\n\n[prod]\nsecret_id = AKIDPRODPRODPRODPROD5555\nsecret_key = {key}\ntoken = {TOKEN}\n"
    )
}

#[test]
fn environment_source_shown_masked() {
    let env = Env::new();
    let out = show(&mut env.cmd_with_creds());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "source     environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)\n\
             profile    default\n\
             secret_id  {MASKED}\n\
             token      none\n\
             role       -\n\
             expires    -\n\
             region     -\n\
             endpoint   https://live.tencentcloudapi.com/\n"
        )
    );
    assert!(!stdout(&out).contains(SECRET_ID));
    assert_no_secrets(&out, None);
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
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
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
    assert_no_secrets(&out, None);
    let out = show(env.cmd_with_creds().args(["-o", "tsv"]));
    assert!(stdout(&out).contains(&format!("secret_id\t{MASKED}\n")));
}

#[test]
fn file_variables_are_read_and_trimmed() {
    let env = Env::new();
    let id = env.write("secrets/id", format!("{SECRET_ID}\n").as_bytes());
    let key = env.write("secrets/key", format!("  {SECRET_KEY}\r\n").as_bytes());
    let tok = env.write("secrets/tok", format!("{TOKEN}\n").as_bytes());
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .cmd()
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
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let req = api.only_request();
    assert_eq!(header(&req, "x-tc-token"), Some(TOKEN));
    let auth = header(&req, "authorization").unwrap();
    assert!(auth.contains(&format!("Credential={SECRET_ID}/")), "{auth}");
    // The signature verifies with the trimmed key.
    assert_valid_signature(&req);

    let out = show(
        env.cmd()
            .env("TENCENTCLOUD_SECRET_ID_FILE", &id)
            .env("TENCENTCLOUD_SECRET_KEY_FILE", &key),
    );
    assert!(
        stdout(&out).contains(&format!(
            "environment (TENCENTCLOUD_SECRET_ID_FILE={}, TENCENTCLOUD_SECRET_KEY_FILE={})",
            id.display(),
            key.display()
        )),
        "{}",
        stdout(&out)
    );
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
        let mut cmd = env.cmd();
        for (k, v) in &vars {
            cmd.env(k, v);
        }
        let out = show(&mut cmd);
        assert_eq!(out.status.code(), Some(4), "{vars:?}");
        assert!(
            stderr(&out).contains(&expected),
            "{vars:?}: {}",
            stderr(&out)
        );
        assert_no_secrets(&out, None);
    }
}

#[test]
fn credentials_file_default_and_named_profiles() {
    let env = Env::new();
    let path = env.write(
        ".tencentcloud/credentials",
        ini(SECRET_ID, SECRET_KEY).as_bytes(),
    );
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let out = show(&mut env.cmd());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with(&format!("source     {} [default]\n", path.display())));
    assert!(stdout(&out).contains(&format!("secret_id  {MASKED}\n")));
    assert_eq!(stderr(&out), "", "no permission warning for a 0600 file");

    for args in [
        ["--profile", "prod", "credentials", "show"],
        ["credentials", "show", "--profile", "prod"],
    ] {
        let out = env.cmd().args(args).run();
        assert!(
            stdout(&out).contains("secret_id  AKID****************5555\n"),
            "{}",
            stdout(&out)
        );
        assert!(stdout(&out).contains("token      present\n"));
        assert!(stdout(&out).contains("profile    prod\n"));
    }
    let out = show(env.cmd().env("TENCENTCLOUD_PROFILE", "prod"));
    assert!(
        stdout(&out).contains("AKID****************5555"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn precedence_env_then_file_and_profile_flag_skips_env() {
    let env = Env::new();
    let path = env.write(
        ".tencentcloud/credentials",
        ini("AKIDFILEFILEFILEFILE1111", SECRET_KEY).as_bytes(),
    );
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    // The environment wins over the file.
    let out = show(&mut env.cmd_with_creds());
    assert!(stdout(&out).contains(MASKED), "{}", stdout(&out));
    // --profile on the command line means "that profile": the environment's keys are skipped.
    let out = show(env.cmd_with_creds().args(["--profile", "default"]));
    assert!(
        stdout(&out).contains("AKID****************1111"),
        "{}",
        stdout(&out)
    );
    // The same after the subcommand.
    let out = env
        .cmd_with_creds()
        .args(["credentials", "show", "--profile", "default"])
        .run();
    assert!(
        stdout(&out).contains("AKID****************1111"),
        "{}",
        stdout(&out)
    );
    // TENCENTCLOUD_PROFILE chooses a profile but, as with AWS_PROFILE, keys in the environment
    // still come first.
    let out = show(env.cmd_with_creds().env("TENCENTCLOUD_PROFILE", "prod"));
    assert!(stdout(&out).contains(MASKED), "{}", stdout(&out));
    // The file beats tccli.
    env.write(
        ".tccli/default.credential",
        br#"{"secretId":"AKIDTCCLITCCLITCCLI2222","secretKey":"x"}"#,
    );
    let out = show(&mut env.cmd());
    assert!(
        stdout(&out).contains("AKID****************1111"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn credentials_file_from_variable_and_half_pairs() {
    let env = Env::new();
    let custom = env.write(
        "custom.ini",
        format!("[default]\nsecret_id={SECRET_ID}\nsecret_key={SECRET_KEY}\n").as_bytes(),
    );
    let out = show(env.cmd().env("TENCENTCLOUD_CREDENTIALS_FILE", &custom));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("source     {} [default]", custom.display())));

    let half = env.write(
        "half.ini",
        format!("[default]\nsecret_id = {SECRET_ID}\n").as_bytes(),
    );
    let out = show(env.cmd().env("TENCENTCLOUD_CREDENTIALS_FILE", &half));
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains(&format!(
            "{} [default]: secret_id is set but secret_key is missing",
            half.display()
        )),
        "{}",
        stderr(&out)
    );

    let broken = env.write(
        "broken.ini",
        format!("[default\nsecret_key = {SECRET_KEY}\n").as_bytes(),
    );
    let out = show(env.cmd().env("TENCENTCLOUD_CREDENTIALS_FILE", &broken));
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("is not valid INI"),
        "{}",
        stderr(&out)
    );
    assert_no_secrets(&out, None);
}

#[test]
fn tccli_credential_file() {
    let env = Env::new();
    env.write(
        ".tccli/stage.credential",
        format!(r#"{{"type":"default","secretId":"{SECRET_ID}","secretKey":" {SECRET_KEY} ","token":"{TOKEN}"}}"#).as_bytes(),
    );
    let out = show(env.cmd().args(["--profile", "stage"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(".tccli/stage.credential\n"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("token      present"));

    env.write(
        ".tccli/role.credential",
        br#"{"type":"cvm-role","role":"r"}"#,
    );
    let out = show(env.cmd().args(["--profile", "role"]));
    // A cvm-role profile asks for the instance role, never for keys left in the file; this
    // machine (a closed loopback port) has none.
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("role.credential: type cvm-role\n"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("no instance role (not a CVM, or no role attached)"),
        "{}",
        stderr(&out)
    );

    env.write(
        ".tccli/half.credential",
        format!(r#"{{"secretKey":"{SECRET_KEY}"}}"#).as_bytes(),
    );
    let out = show(env.cmd().args(["--profile", "half"]));
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("secretKey is set but secretId is missing"),
        "{}",
        stderr(&out)
    );
    assert_no_secrets(&out, None);
}

#[test]
fn nothing_found_lists_every_place_and_exits_4_before_sending() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .cmd()
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
        .run();
    assert_eq!(out.status.code(), Some(4));
    let home = env.home.path().display();
    let err = stderr(&out);
    assert!(
        err.starts_with("error: no credentials found for profile 'prod'. Looked at:\n"),
        "{err}"
    );
    assert!(
        err.contains("  - environment: skipped because --profile was given\n"),
        "{err}"
    );
    assert!(err.contains("Set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or write secret_id and secret_key under [prod]"), "{err}");
    assert!(
        err.contains(&format!("{home}/.tencentcloud/credentials: no such file")),
        "{err}"
    );
    assert!(err.contains("/etc/tencentcloud/credentials"), "{err}");
    assert!(
        err.contains(&format!("{home}/.tccli/prod.credential: no such file")),
        "{err}"
    );
    assert!(api.requests().is_empty());
}

#[test]
fn keys_in_the_environment_skipped_for_profile_are_named_not_asked_for() {
    let env = Env::new();
    let api = FakeApi::start();
    let out = env
        .cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--profile",
            "default",
            "-d",
            "a.example.com",
        ])
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY): set, but skipped because --profile was given"),
        "{err}"
    );
    assert!(
        err.contains("The keys in TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY are used only without --profile: drop --profile to use them"),
        "{err}"
    );
    assert!(!err.contains("Set TENCENTCLOUD_SECRET_ID"), "{err}");
    assert!(api.server.requests().is_empty());
    assert_no_secrets(&out, None);
}

#[test]
fn shared_credentials_file_draws_a_chmod_warning() {
    let env = Env::new();
    let path = env.write(
        ".tencentcloud/credentials",
        ini(SECRET_ID, SECRET_KEY).as_bytes(),
    );
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let out = show(&mut env.cmd());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        format!(
            "warning: credentials file {} is readable by other users; run: chmod 600 {}\n",
            path.display(),
            path.display()
        )
    );
}

#[test]
fn invalid_profile_name_is_refused() {
    let env = Env::new();
    let out = show(env.cmd().args(["--profile", "../../etc/passwd"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a valid profile name"));
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
        let out = show(&mut env.cmd());
        assert_eq!(out.status.code(), Some(4), "{file}");
        assert!(stderr(&out).contains(expected), "{file}: {}", stderr(&out));
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
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "warning: credentials file {} is readable by other users; run: chmod 600 {}\n",
            key.display(),
            key.display()
        )
    );
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(stderr(&run()), "");
}
