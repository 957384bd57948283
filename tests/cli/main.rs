//! The integration tests, one binary: each module drives the built `tclive` binary the way a
//! user, a hook or a CI job does, against the loopback fakes of `common` (nothing leaves the
//! machine), and checks stdout, stderr, the exit code and what the fake received through
//! `common::Outcome` (every run leak-checked). A test belongs to the command it runs, unless
//! it is about one of the concerns below, which cut across commands. Test names say the
//! problem they pin.

// The harness: the hermetic binary, `Outcome` and its leak check, the fakes, scenario builders.
mod common;

// By command.
// `cert bind`: the request sent for an ID or a key pair, domains as sent, the report and its exit code, arguments refused.
mod bind;
// `cert unbind`: one request per bound domain, `--rule`, rows and exit code, `--plan`, `--dry-run`.
mod unbind;
// `cert bind --retire-old`: what a renewal replaced, muted or deleted only when safe; delete tasks, hostile answers.
mod retire;
// `cert prune` and `cert unbind --retire-old`: leftovers of earlier renewals, the plan, `--yes`, `--mute`, listings that lie.
mod prune;
// `cert bind`'s reads before a change and `--plan`: what is bound now, what would change, renewals that send nothing.
mod plan;
// `cert bind --verify` and `--wait-served`: the read-back after a bind, unverified and not-served domains.
mod verify;
// `cert bind --from-hook-env` (certbot, lego, acme.sh) and `--match-san`.
mod hooks;
// `cert check` and the certificate pre-flight of `cert bind`: checks, formats, ACME file layouts, refused keys.
mod check;
// `cert list` and `domain list`: pages, order, filters, times, `--expiring-within`, the pace, listings that lie.
mod list;
// `cert probe`: the chain each name serves, trust, no handshake, a name's addresses, resumed sessions.
mod probe;
// The credential chain and `credentials show [--check]`: environment, files, profiles, tccli, precedence.
mod credentials;
// Temporary keys from the credential services: instance role, STS, TKE and GitHub OIDC, renewal.
mod providers;
// `--help`, `-h`, `--version`, `tclive man`, usage errors of the command line, the README's copies.
mod help;
// `tclive completions SHELL` and the committed scripts.
mod completions;

// Concerns across commands.
// The API's errors instead of a result: whole-request errors, auth failures, account states, permissions.
mod api_errors;
// Retries and broken answers: what is retried, what never is, the retry budget, clock skew, non-envelopes.
mod retries;
// TLS and proxies: trusted roots, untrusted certificates, TLS versions, proxies, redirects.
mod transport;
// Signals: SIGINT and SIGTERM at any moment, `interrupted`, death by the signal received.
mod signals;
// Secrets: no key, token, private key or signature in any output, echoed by a server or quoted from a file.
mod secrets;
// Limits on input and answers: every read bounded in size and time, and linear in its size.
mod limits;
// Environment variables that hold no text, paths with any bytes, which commands read them.
mod environment;
// What reaches the terminal: tables at any width, colour, progress, escapes, JSON as received, unwritable stderr.
mod output;
// `-o prometheus`: the text exposition format read back by Prometheus' parser, the run's metrics when a run fails.
mod metrics;
// `--dry-run` on every command, and the commands that need no network: nothing read, nothing sent.
mod dry_run;
// Tests in a network namespace of their own with a private hosts file: where real names and `localhost` go.
mod private_network;
// The documents: README, SECURITY.md, CONTRIBUTING.md and docs/ — links, policies, recipes, the help paths they give.
mod docs;
