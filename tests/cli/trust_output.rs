//! Issue #19, items 3, 4, 5, 9 and 18: what tclive prints must stay trustworthy when a server
//! echoes secrets, a secret file is given as a domains file, `--dry-run` meets a command that
//! reads or sends, an answer cannot be transcoded, or NO_COLOR meets `--color always`. Each test
//! drives the built binary against loopback fakes; test names say the problem they pin.

use crate::common::pty;
use crate::common::*;

// 18. --color always wins over NO_COLOR -----------------------------------------------------

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
    let on_terminal = pty::run(bind("always", "table"), 100);
    let on_pipe = bind("always", "table").output().unwrap();
    assert_no_secrets(&on_pipe, None);
    for (what, code, out) in [
        ("terminal", on_terminal.code, on_terminal.stdout.clone()),
        ("pipe", on_pipe.status.code(), stdout(&on_pipe)),
    ] {
        assert_eq!(code, Some(5), "{what}");
        assert!(out.contains("\x1b[38;5;9mfailed"), "{what}: {out:?}");
        assert!(out.contains("\x1b[38;5;10mok"), "{what}: {out:?}");
        assert!(!out.contains("\x1b[m"), "{what}: {out:?}");
    }
    // The labels on stderr are coloured too.
    let out = env
        .cmd()
        .env("NO_COLOR", "1")
        .args(["--color", "always", "cert", "bind", "-d", "a b"])
        .run();
    assert!(
        stderr(&out).starts_with("\x1b[31merror:"),
        "{:?}",
        stderr(&out)
    );
    // auto with NO_COLOR: no colour code at all, even on a terminal.
    let seen = pty::run(bind("auto", "table"), 100);
    assert_eq!(seen.code, Some(5));
    assert!(!seen.stdout.contains('\x1b'), "{:?}", seen.stdout);
    assert!(!seen.stderr.contains('\x1b'), "{:?}", seen.stderr);
    // tsv and json never have colour codes.
    for format in ["tsv", "json"] {
        let seen = pty::run(bind("always", format), 100);
        assert_eq!(seen.code, Some(5), "{format}");
        assert!(!seen.stdout.contains('\x1b'), "{format}: {:?}", seen.stdout);
    }
}
