//! What reaches the terminal and the pipes: tables on a pseudo-terminal of 60, 80 and 120
//! columns (names, codes, ids, times and fingerprints never split; only free text wraps; a
//! table that cannot fit becomes one block per row),
//! colour only when asked and never in tsv/json (`--color always` wins over NO_COLOR),
//! progress lines on a terminal, escapes and invisible characters from servers, certificates
//! and file names never raw, `-o json` as the answer was received (never `null`), and a
//! stderr that cannot be written.

use crate::common::edge::{Pki, silent};
use crate::common::fake_live::*;
use crate::common::fault::{FaultServer, json};
use crate::common::pki::LeafSpec;
use crate::common::pty;
use crate::common::*;

// Tables at any width ------------------------------------------------------------------------

const WIDTHS: [u16; 3] = [60, 80, 120];

/// Every token appears whole on one line of the terminal (stdout).
fn assert_whole(seen: &Outcome, tokens: &[&str]) {
    for t in tokens {
        seen.assert(
            seen.stdout().lines().any(|l| l.contains(t)),
            format!("`{t}` is split or missing"),
        );
    }
}

/// Display width of a line, colour codes left out (tables are coloured on a terminal).
fn width(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            n += 1;
        }
    }
    n
}

/// A width at which every table of these tests fits on one line per row.
const WIDE: u16 = 220;

/// The layout of a table too wide for the terminal: one block of `HEADER  value` lines per
/// row, each block starting with its DOMAIN line, every line within the terminal.
fn assert_blocks(seen: &Outcome, cols: u16, rows: usize) {
    let out = seen.stdout();
    seen.assert(
        out.lines().filter(|l| l.starts_with("DOMAIN ")).count() == rows,
        format!("one block per row ({rows}), each starting with DOMAIN"),
    )
    .assert(
        out.lines().all(|l| width(l) <= cols as usize),
        "every line fits the terminal",
    )
    .assert(
        out.split("\n\n").count() == rows,
        "the blocks are separated by one blank line",
    );
}

const LONG_A: &str = "play2.long-subdomain-for-tests.example.com";
const LONG_B: &str = "b.example.com";

fn partial_answer() -> String {
    format!(
        r#"{{"Response":{{"MismatchedDomainNames":[],"Errors":[{{"DomainName":"{LONG_A}","Code":"InvalidParameter.CrtDomainNotFound","Message":"The domain could not be found among the play domains of this account, check its spelling and that it was added to Live."}}],"RequestId":"req-1"}}}}"#
    )
}

#[test]
fn bind_report_never_splits_a_name_or_code_and_wraps_only_messages() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &partial_answer());
    for cols in WIDTHS {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args([
            "cert",
            "bind",
            "--endpoint",
            &api.endpoint(),
            "--cert-id",
            "abc",
        ])
        .args(["-d", LONG_A, "-d", LONG_B]);
        let seen = pty::run(cmd, cols);
        seen.assert_code(5);
        assert_whole(
            &seen,
            &[
                LONG_A,
                LONG_B,
                "InvalidParameter.CrtDomainNotFound",
                "failed",
                "MESSAGE",
            ],
        );
        // The message is all there, word by word, whatever the wrapping.
        for word in
            "The domain could not be found among the play domains of this account".split(' ')
        {
            seen.assert_stdout_contains(word);
        }
        // Where the names and codes fit, the table fits: the message wrapped rather than
        // the line running past the edge.
        if cols >= 120 {
            seen.assert(
                seen.stdout().lines().all(|l| width(l) <= cols as usize),
                "every line fits the terminal",
            )
            .assert(seen.stdout().lines().count() > 3, "the message wrapped");
        }
    }
}

fn listing() -> FakeLive {
    let mut st = LiveState::default();
    for (name, id, expire) in [
        (LONG_A, "hZy2N9vFlongcertid", "2027-02-26 06:58:47"),
        (LONG_B, "other-cert-id", "2027-03-01 08:00:00"),
    ] {
        st = st.domain(name, true, true).bound(
            name,
            FakeBinding::to(id)
                .alias("renewed-2026-with-a-long-alias")
                .expires(expire)
                .updated("2026-11-27 07:30:00"),
        );
    }
    FakeLive::start(st)
}

#[test]
fn cert_list_never_splits_names_ids_or_times() {
    let env = Env::new();
    let api = listing();
    for cols in WIDTHS.into_iter().chain([WIDE]) {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args(["cert", "list", "--endpoint", &api.endpoint()]);
        let seen = pty::run(cmd, cols);
        seen.assert_code(0);
        assert_whole(
            &seen,
            &[
                LONG_A,
                "hZy2N9vFlongcertid",
                "renewed-2026-with-a-long-alias",
                "2027-02-25T22:58:47Z",
                "2026-11-26T23:30:00Z",
                "DAYS LEFT",
            ],
        );
        // Where the table fits, one line per row; where it cannot, one block per row.
        if cols == WIDE {
            seen.assert(seen.stdout().lines().count() == 3, "one line per row");
        } else {
            assert_blocks(&seen, cols, 2);
        }
    }
}

#[test]
fn plan_shows_a_short_fingerprint_whole_and_tsv_the_full_one() {
    let env = Env::new();
    let api = listing();
    let pair = env.key_pair_args(&[LONG_A]);
    let mut fingerprint = None;
    for cols in WIDTHS.into_iter().chain([WIDE]) {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args([
            "cert",
            "bind",
            "--endpoint",
            &api.endpoint(),
            "--plan",
            "-d",
            LONG_A,
        ])
        .args(&pair);
        let seen = pty::run(cmd, cols);
        seen.assert_code(0);
        let short = seen
            .stdout()
            .split_whitespace()
            .find(|w| w.starts_with("sha256:"))
            .unwrap_or_else(|| seen.fail("no fingerprint"))
            .to_string();
        seen.assert(
            short.len() == "sha256:".len() + 16,
            "the table shows a short fingerprint",
        );
        assert_whole(&seen, &[LONG_A, "2027-02-25T22:58:47Z", "WANT HTTPS"]);
        if cols == WIDE {
            seen.assert(seen.stdout().lines().count() == 2, "one line per row");
        } else {
            assert_blocks(&seen, cols, 1);
        }
        fingerprint.get_or_insert(short);
    }
    // tsv (not a terminal) has the whole fingerprint, which starts with the short one.
    let out = env
        .bind(&api.endpoint())
        .args(["--plan", "-o", "tsv", "-d", LONG_A])
        .args(&pair)
        .run();
    let full = out
        .stdout()
        .split('\t')
        .find(|w| w.starts_with("sha256:"))
        .expect("fingerprint in tsv")
        .to_string();
    assert_eq!(full.len(), "sha256:".len() + 64);
    assert!(full.starts_with(fingerprint.as_deref().unwrap()));
    // `cert check` writes it in the same form.
    let report = env
        .cmd()
        .args(["cert", "check", "-o", "json"])
        .args(&pair)
        .run()
        .json();
    assert_eq!(report["summary"]["sha256_fingerprint"], full.as_str());
}

#[test]
fn a_table_too_wide_for_the_terminal_becomes_one_block_per_row_that_fits() {
    let env = Env::new();
    // bind: before, at 60 columns the MESSAGE was squeezed to ~15 columns and the row still
    // ran past the edge.
    let api = FakeApi::start();
    api.answer(200, &partial_answer());
    let bind = || {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args([
            "cert",
            "bind",
            "--endpoint",
            &api.endpoint(),
            "--cert-id",
            "abc",
        ])
        .args(["-d", LONG_A, "-d", LONG_B]);
        cmd
    };
    let seen = pty::run(bind(), 60);
    seen.assert_code(5);
    assert_blocks(&seen, 60, 2);
    assert_whole(
        &seen,
        &[LONG_A, LONG_B, "InvalidParameter.CrtDomainNotFound"],
    );
    let message_lines: Vec<&str> = seen
        .stdout()
        .lines()
        .skip_while(|l| !l.starts_with("MESSAGE"))
        .take_while(|l| !l.is_empty())
        .collect();
    seen.assert(
        message_lines.len() >= 2
            && message_lines[0].starts_with("MESSAGE  The domain could not be found among")
            && message_lines[1..]
                .iter()
                .all(|l| l.starts_with("         ")),
        "the message wraps under itself, in lines far wider than 15 columns",
    );
    let joined = message_lines
        .iter()
        .map(|l| l.trim_start_matches("MESSAGE").trim())
        .collect::<Vec<_>>()
        .join(" ");
    seen.assert(
        joined.starts_with(
            "The domain could not be found among the play domains of this account, check its \
             spelling and that it was added to Live.",
        ),
        "the message reads whole",
    );
    // Where it fits, it is a table again.
    let seen = pty::run(bind(), WIDE);
    seen.assert_stdout_starts_with("DOMAIN ")
        .assert(seen.stdout().lines().count() == 3, "one line per row");

    // probe: ~140 columns of table at 60 or 80.
    let pki = Pki::new("Narrow");
    let chain = pki.chain_for(&[LONG_A]);
    let server = crate::common::edge::edge(vec![(LONG_A, crate::common::edge::serve(&chain))]);
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    let probe = || {
        let mut cmd = env.std_cmd();
        cmd.env("SSL_CERT_FILE", &roots)
            .args(["cert", "probe"])
            .args(crate::common::edge::at(LONG_A, server.port));
        cmd
    };
    let short = chain.fingerprint()["sha256:".len()..][..16].to_string();
    for cols in [60, 80] {
        let seen = pty::run(probe(), cols);
        seen.assert_code(0);
        assert_blocks(&seen, cols, 1);
        assert_whole(&seen, &[LONG_A, &short, "trusted"]);
    }
    let seen = pty::run(probe(), WIDE);
    seen.assert(seen.stdout().lines().count() == 2, "one line per row");

    // domain list.
    let mut st = LiveState::default();
    for name in [LONG_A, LONG_B] {
        st = st.domain(name, true, true);
    }
    let live = FakeLive::start(st);
    let mut cmd = env.std_cmd_with_creds();
    cmd.args(["domain", "list", "--endpoint", &live.endpoint()]);
    let seen = pty::run(cmd, 60);
    seen.assert_code(0);
    assert_blocks(&seen, 60, 2);
    assert_whole(&seen, &[LONG_A, LONG_B]);

    // tsv and json are never laid out for the terminal.
    let mut cmd = bind();
    cmd.args(["-o", "tsv"]);
    let seen = pty::run(cmd, 60);
    seen.assert(
        seen.stdout().lines().count() == 2 && seen.stdout().lines().all(|l| l.contains('\t')),
        "tsv: one line per row",
    );
    let mut cmd = bind();
    cmd.args(["-o", "json"]);
    let seen = pty::run(cmd, 60);
    seen.assert(
        serde_json::from_str::<serde_json::Value>(seen.stdout()).is_ok(),
        "json: the answer as received",
    );
}

#[test]
fn cert_check_wraps_details_not_check_names() {
    let env = Env::new();
    let pair = env.key_pair_args(&["a.example.com"]);
    for cols in WIDTHS {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args(["cert", "check", "-d", "unrelated.example.org"])
            .args(&pair);
        let seen = pty::run(cmd, cols);
        seen.assert_code(3);
        assert_whole(
            &seen,
            &["validity", "names", "fail", "unrelated.example.org"],
        );
        let table: Vec<&str> = seen
            .stdout()
            .lines()
            .skip_while(|l| !l.starts_with("CHECK"))
            .collect();
        seen.assert(
            table.iter().all(|l| width(l) <= cols as usize),
            "the check table fits",
        );
    }
}

// Colour -------------------------------------------------------------------------------------

#[test]
fn colour_only_when_asked_and_never_in_tsv_or_json() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, PARTIAL);
    let run = |extra: &[&str], no_color: bool| {
        let mut c = env.bind(&api.endpoint());
        if no_color {
            c.env("NO_COLOR", "1");
        }
        c.args(["-d", "a.example.com", "-d", "b.example.com"])
            .args(extra)
            .run()
    };
    let no_colour = |out: Outcome| {
        out.assert(!out.stdout_bytes().contains(&0x1b), "no colour on stdout");
    };
    // Not a terminal: no colour by default.
    no_colour(run(&[], false));
    // --color always colours the table's RESULT column (red for failed) …
    run(&["--color", "always"], false)
        .assert_stdout_contains("\x1b[38;5;9mfailed")
        .assert_stdout_contains("\x1b[38;5;10mok");
    // … but never tsv or json.
    no_colour(run(&["--color", "always", "-o", "tsv"], false));
    no_colour(run(&["--color", "always", "-o", "json"], false));
    // NO_COLOR with auto: none.
    no_colour(run(&["--color", "auto"], true));
}

#[test]
fn an_explicit_color_always_wins_over_no_color_everywhere_alike() {
    let partial = r#"{"Response":{"MismatchedDomainNames":[],"Errors":[{"DomainName":"b.example.com","Code":"X","Message":"m"}],"RequestId":"r"}}"#;
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, partial);
    let bind = |color: &str, format: &str| {
        let mut c = env.std_cmd_with_creds();
        c.env("NO_COLOR", "1")
            .args(["--color", color, "-o", format, "cert", "bind"])
            .args(["--endpoint", &api.endpoint(), "--cert-id", "x"])
            .args(["-d", "a.example.com", "-d", "b.example.com"]);
        c
    };
    // On a terminal and on a pipe alike, --color always colours the table and no bare code
    // is left in it.
    for out in [
        pty::run(bind("always", "table"), 100).case("terminal"),
        bind("always", "table").run().case("pipe"),
    ] {
        out.assert_code(5)
            .assert_stdout_contains("\x1b[38;5;9mfailed")
            .assert_stdout_contains("\x1b[38;5;10mok")
            .assert_stdout_lacks("\x1b[m");
    }
    // The labels on stderr are coloured too.
    env.cmd()
        .env("NO_COLOR", "1")
        .args(["--color", "always", "cert", "bind", "-d", "a b"])
        .run()
        .assert_stderr_starts_with("\x1b[31merror:");
    // auto with NO_COLOR: no colour code at all, even on a terminal.
    pty::run(bind("auto", "table"), 100)
        .assert_code(5)
        .assert_no_escape();
    // tsv and json never have colour codes.
    for format in ["tsv", "json"] {
        pty::run(bind("always", format), 100)
            .case(format)
            .assert_code(5)
            .assert_stdout_lacks("\x1b");
    }
}

// Progress on a terminal ---------------------------------------------------------------------

#[test]
fn progress_shows_on_a_terminal_when_a_listing_takes_over_a_second() {
    let env = Env::new();
    // 3,000 bindings: 30 pages at the API's pace take over a second.
    let mut st = LiveState::default();
    for i in 0..3_000 {
        st = st.bound(&format!("p{i:04}.example.com"), FakeBinding::to("c"));
    }
    let api = FakeLive::start(st);
    let mut cmd = env.std_cmd_with_creds();
    cmd.args(["cert", "list", "-o", "tsv", "--endpoint", &api.endpoint()]);
    pty::run_stderr(cmd, 80)
        .assert_code(0)
        .assert_stderr_contains("\rbindings: ")
        .assert_stderr_contains(" of 3000…")
        .assert_stderr_contains("3000 bindings");
}

#[test]
fn progress_shows_on_a_terminal_while_handshakes_take_long() {
    let env = Env::new();
    let hangs = silent();
    let mut cmd = env.std_cmd();
    cmd.args(["cert", "probe", "-d", "a.example.com", "--timeout", "2s"])
        .args(["--connect-to", &format!("a.example.com:127.0.0.1:{hangs}")])
        .args(["-o", "tsv"]);
    pty::run_stderr(cmd, 80)
        .assert_stderr_contains("\rprobing: 0 of 1…")
        .assert_stderr_contains(
            "1 domain, 1 address: 0 ok, 0 with problems, 1 without a handshake",
        );
}

// Escapes and invisible characters -------------------------------------------------------------

#[test]
fn server_text_with_escape_sequences_is_neutralised() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(
        200,
        r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X\u001b[2J","Message":"bad\u001b]0;pwned\u0007\nline"}],"RequestId":"r\u001b[31m"}}"#,
    );
    env.bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .run()
        .assert_code(5)
        .assert_no_escape()
        .assert_stdout_contains("X\\u{1b}[2J")
        .assert_stdout_contains("bad\\u{1b}]0;pwned\\u{7} line");
}

#[test]
fn invisible_and_control_characters_from_the_server_are_escaped_everywhere() {
    let answer = r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X\u202eY","Message":"m\u0085n\u007fo\u200bp\u2028q"}],"RequestId":"r\u2066"}}"#;
    let hidden = [
        '\u{202e}', '\u{85}', '\u{7f}', '\u{200b}', '\u{2028}', '\u{2066}',
    ];
    for format in ["table", "tsv", "json"] {
        let env = Env::new();
        let api = FaultServer::start(vec![json(200, answer)]);
        let out = env
            .bind(&api.endpoint())
            .args([
                "--force",
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "-o",
                format,
            ])
            .run()
            .case(format);
        out.assert_code(5).assert(
            !format!("{}{}", out.stdout(), out.stderr())
                .chars()
                .any(|c| hidden.contains(&c)),
            "an invisible character was printed raw",
        );
        if format == "json" {
            assert_eq!(
                out.json()["Errors"][0]["Code"],
                "X\u{202e}Y",
                "the same JSON value"
            );
            out.assert_stdout_contains(r"\u202e")
                .assert_stdout_contains(r"\u0085");
        } else {
            out.assert_stdout_contains(r"X\u{202e}Y");
        }
    }
}

#[test]
fn hidden_characters_in_file_paths_never_reach_stderr_raw() {
    let env = Env::new();
    let name = "evil\u{1b}[2J\u{202e}txt.pem";
    let missing = env.path(name);
    for args in [
        vec![
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--domains-file",
        ],
        vec!["cert", "check", "--cert"],
    ] {
        env.cmd()
            .args(&args)
            .arg(&missing)
            .run()
            .assert_code(2)
            .assert_stderr_lacks("\u{1b}")
            .assert_stderr_lacks("\u{202e}")
            .assert_stderr_contains(r"evil\u{1b}[2J\u{202e}txt.pem");
    }
    env.cmd()
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY_FILE", &missing)
        .args(["credentials", "show"])
        .run()
        .assert_code(4)
        .assert_stderr_lacks("\u{1b}");
}

#[test]
fn certificate_text_with_escape_sequences_never_reaches_the_terminal() {
    let env = Env::new();
    let chain = Pki::new("Test").chain(
        &LeafSpec {
            names: &["evil\u{1b}]0;pwned\u{7}\u{1b}[2J.example.com"],
            cn_only: true,
            ..LeafSpec::default()
        },
        true,
    );
    let files = chain.write(&env, "live");
    for format in ["table", "tsv", "json"] {
        env.cmd()
            .args(["cert", "check"])
            .args(files.args())
            .args(["-d", "play.example.com", "-o", format])
            .run()
            .case(format)
            .assert_code(3)
            .assert_no_escape()
            .assert_stdout_contains("evil");
    }
    // The pre-flight of a bind reports the same checks on stderr.
    let api = FakeApi::start();
    env.bind(&api.endpoint())
        .args(["-d", "play.example.com"])
        .args(files.args())
        .run()
        .assert_code(3)
        .assert_stderr_contains("evil")
        .assert_no_escape();
    assert!(api.requests().is_empty());
}

// JSON as received ---------------------------------------------------------------------------

/// What python3's json module makes of `text`: `(errors, first error's domain, first
/// error's message)`; it reads `1e400` (as infinity) and lone surrogates, which serde_json
/// does not.
fn python_errors(text: &str) -> (usize, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args([
            "-c",
            "import json,sys\nd=json.load(sys.stdin)\nd=d if isinstance(d,dict) else {'Errors':d}\n\
             e=d['Errors']\nprint(len(e))\nprint(e[0].get('DomainName') if e else '')\n\
             print(json.dumps(e[0].get('Message') if e else ''))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "stdout is not JSON: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let n = lines.next().unwrap().parse().unwrap();
    let domain = lines.next().unwrap().to_string();
    let message: String = serde_json::from_str(lines.next().unwrap()).unwrap_or_default();
    (n, domain, message)
}

#[test]
fn json_output_of_an_answer_serde_cannot_transcode_is_the_answer_never_null() {
    let failed =
        r#""Errors":[{"DomainName":"a.example.com","Code":"FailedOperation","Message":"m"}]"#;
    let bind = |env: &Env, api: &FaultServer| {
        let mut c = env.bind(&api.endpoint());
        c.args([
            "--force",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
            "-o",
            "json",
        ]);
        c
    };
    for (what, answer) in [
        (
            "a number out of range",
            format!(r#"{{"Response":{{{failed},"Huge":1e400,"RequestId":"r"}}}}"#),
        ),
        (
            "a lone surrogate",
            format!(r#"{{"Response":{{{failed},"Note":"x\ud800y","RequestId":"r"}}}}"#),
        ),
        (
            "a lone surrogate in the failed domain's own Message",
            r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"FailedOperation","Message":"x\ud800y"}],"RequestId":"r"}}"#
                .to_string(),
        ),
    ] {
        let env = Env::new();
        let api = FaultServer::start(vec![json(200, &answer)]);
        let out = bind(&env, &api).run().case(what);
        out.assert_code(5)
            .assert(out.stdout().trim() != "null", "stdout is not `null`");
        let (n, domain, _) = python_errors(out.stdout());
        assert_eq!((n, domain.as_str()), (1, "a.example.com"), "{what}");
    }

    // Printed as received, hidden characters are still made harmless and secrets scrubbed,
    // also when the server \u-escapes part of them.
    let hidden = "\u{202e}";
    let token = json_inner(TOKEN, true);
    let answer = format!(
        "{{\"Response\":{{\"Errors\":[{{\"DomainName\":\"a.example.com\",\"Code\":\"X\",\"Message\":\"m{hidden}n {token} o\"}}],\r\"Huge\":1e400,\"RequestId\":\"r\"}}}}"
    );
    let env = Env::new();
    let api = FaultServer::start(vec![json(200, &answer)]);
    let out = bind(&env, &api)
        .env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
        .run();
    out.assert_code(5)
        .assert_stdout_lacks(hidden)
        .assert_stdout_lacks("\r")
        .assert_stdout_contains(r"\u202e");
    let (n, _, message) = python_errors(out.stdout());
    assert_eq!(n, 1);
    assert_eq!(message, "m\u{202e}n [redacted] o", "{}", out.stdout());

    // A listing's items, each as received.
    let item = r#"{"DomainName":"a.example.com","CertificateAlias":"x","Status":1,"CertExpireTime":"2030-01-01 00:00:00","Weight":1e400}"#;
    let api = FaultServer::start(vec![json(
        200,
        &crate::common::fault::bindings_answer(item, Some(1)),
    )]);
    let out = env
        .at(&api.endpoint())
        .args(["cert", "list", "-o", "json"])
        .run();
    out.assert_code(0);
    let (n, domain, _) = python_errors(&format!(r#"{{"Errors":{}}}"#, out.stdout()));
    assert_eq!(
        (n, domain.as_str()),
        (1, "a.example.com"),
        "{}",
        out.stdout()
    );
}

// A stderr that cannot be written ---------------------------------------------------------------

#[test]
fn a_stderr_that_cannot_be_written_never_aborts_and_keeps_the_exit_code() {
    let env = Env::new();
    let api = FaultServer::start(vec![
        json(200, &crate::common::fault::bindings_answer("", Some(0))),
        json(
            200,
            r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X","Message":"m"}],"RequestId":"r"}}"#,
        ),
    ]);
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // A usage error (2), a dry run (0) and a partial bind (5), each with stderr on /dev/full.
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["cert", "bind", "-d", "a b"], 2),
        (
            vec![
                "--dry-run",
                "cert",
                "bind",
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
            ],
            0,
        ),
        (
            vec!["cert", "bind", "--cert-id", "x", "-d", "a.example.com"],
            5,
        ),
    ];
    let endpoint = api.endpoint();
    for (args, code) in &cases {
        env.std_cmd_with_creds()
            .env("TCLIVE_ENDPOINT", &endpoint)
            .args(args)
            .stderr(full())
            .run()
            .assert_code(*code);
    }
    // `2>&1 | head -1`: stderr is a pipe whose reader has gone.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    env.std_cmd()
        .args(["cert", "bind", "-d", "a b"])
        .stderr(writer)
        .run()
        .assert_code(2);
}
