
use builtin;
use str;

set edit:completion:arg-completer[tclive] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tclive'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tclive'= {
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand cert 'Manage the certificates of playback domains'
            cand domain 'List the account''s Live domains'
            cand credentials 'Inspect the credentials tclive would use'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page, tclive(1), as roff'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;cert'= {
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand bind 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)'
            cand unbind 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)'
            cand prune 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound'
            cand check 'Check a certificate and key locally, offline (no credentials, nothing sent)'
            cand list 'List the certificate bindings of all domains, soonest expiry first'
            cand probe 'What viewers see: the certificate each domain''s edge servers hand out in TLS'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;cert;bind'= {
            cand --cert-id 'ID of a certificate in the SSL certificate service (CloudCertId)'
            cand --cert 'PEM chain to upload, leaf first (fullchain.pem); ''-'' reads stdin'
            cand --key 'PEM private key of that certificate (privkey.pem); ''-'' reads stdin'
            cand --alias 'Remark for the uploaded certificate (only with a key pair; default "tclive CN DATE")'
            cand --upload-via 'How a key pair reaches Live: stored once in the SSL service, or uploaded by the bind'
            cand --retire-old 'After a bind that fully succeeded, mute or delete the certificates it replaced'
            cand -d 'Domain to bind, NAME[:on|off|keep] (HTTPS; default on); repeat it'
            cand --domain 'Domain to bind, NAME[:on|off|keep] (HTTPS; default on); repeat it'
            cand --domains-file 'File of NAME[:STATE] lines (''#'' comments); ''-'' reads stdin'
            cand --wait-served 'Then wait until the domains'' servers hand out the new certificate'
            cand --connect-to 'With --wait-served: connect to HOST[:PORT] for NAME (repeatable; as curl''s --connect-to)'
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --from-hook-env 'Take --cert and --key from an ACME client''s deploy-hook environment'
            cand --match-san 'Also bind every enabled play domain the certificate''s names cover'
            cand --no-check 'Skip the local certificate checks (last resort)'
            cand --plan 'Show what would change per domain; send no change'
            cand --force 'Bind even the domains that already have this certificate and state'
            cand --verify 'Read every applied domain back; a difference is `unverified`'
            cand --all-addresses 'With --wait-served: wait for every address of each name, not just one'
            cand --allow-idn 'Accept labels that mix scripts (refused by default as look-alikes)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;cert;unbind'= {
            cand -d 'Domain to unbind; repeat it (a :STATE suffix is ignored)'
            cand --domain 'Domain to unbind; repeat it (a :STATE suffix is ignored)'
            cand --domains-file 'File of domain names, one a line (''#'' comments); ''-'' reads stdin'
            cand --rule 'Which certificate: the formal one, or the gray-release one'
            cand --retire-old 'After every unbind succeeded, mute or delete the certificates removed, when leftovers'
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --plan 'Show what is bound now; send nothing'
            cand --allow-idn 'Accept labels that mix scripts (refused by default as look-alikes)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;cert;prune'= {
            cand --search 'Only certificates whose id, alias or a name contains TEXT (case-insensitive)'
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --yes 'Delete (or with --mute, mute) what the plan selects; without it nothing is changed'
            cand --mute 'Mute the expiry notices of what is selected instead of deleting it'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;cert;check'= {
            cand --cert 'PEM certificate chain, leaf first (fullchain.pem); ''-'' reads stdin'
            cand --key 'PEM private key to match against the certificate; ''-'' reads stdin'
            cand -d 'Domain the certificate must cover (repeatable; NAME or NAME:STATE)'
            cand --domain 'Domain the certificate must cover (repeatable; NAME or NAME:STATE)'
            cand --domains-file 'File with one domain per line (''#'' comments, blank lines ignored); ''-'' reads stdin'
            cand --min-days 'Warn when the certificate expires within this many days'
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --strict 'Treat warnings as failures (exit 3)'
            cand --allow-idn 'Accept labels that mix scripts (refused by default as look-alikes)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;cert;list'= {
            cand -d 'Only this domain (exact name)'
            cand --domain 'Only this domain (exact name)'
            cand --search 'Only domains whose name contains TEXT'
            cand --expiring-within 'Only bindings expiring within DURATION (e.g. 30d) or already expired; exit 5 if any'
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --allow-idn 'Accept labels that mix scripts (refused by default as look-alikes)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;cert;probe'= {
            cand -d 'Domain to probe (repeatable); a `:STATE` suffix, as bind takes it, is ignored'
            cand --domain 'Domain to probe (repeatable); a `:STATE` suffix, as bind takes it, is ignored'
            cand --domains-file 'File of domains, one per line (''#'' comments); ''-'' reads stdin'
            cand --port 'Port to connect to'
            cand --connect-to 'Connect to HOST[:PORT] for NAME (repeatable; as curl''s --connect-to)'
            cand --expect-cert 'The served leaf must be the first certificate of this PEM file'
            cand --expiring-within 'A served leaf expiring within DURATION (e.g. 21d) is a problem'
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --all-addresses 'Probe every address a name resolves to (IPv4 and IPv6), one row each'
            cand --expect-bound 'The served leaf must be the one the API says is bound (needs credentials)'
            cand --allow-idn 'Accept labels that mix scripts (refused by default as look-alikes)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;cert;help'= {
            cand bind 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)'
            cand unbind 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)'
            cand prune 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound'
            cand check 'Check a certificate and key locally, offline (no credentials, nothing sent)'
            cand list 'List the certificate bindings of all domains, soonest expiry first'
            cand probe 'What viewers see: the certificate each domain''s edge servers hand out in TLS'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;cert;help;bind'= {
        }
        &'tclive;cert;help;unbind'= {
        }
        &'tclive;cert;help;prune'= {
        }
        &'tclive;cert;help;check'= {
        }
        &'tclive;cert;help;list'= {
        }
        &'tclive;cert;help;probe'= {
        }
        &'tclive;cert;help;help'= {
        }
        &'tclive;domain'= {
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the account''s Live domains (DescribeLiveDomains, every page)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;domain;list'= {
            cand --type 'Which domains: play (default), push or all'
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --enabled 'Only enabled domains'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;domain;help'= {
            cand list 'List the account''s Live domains (DescribeLiveDomains, every page)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;domain;help;list'= {
        }
        &'tclive;domain;help;help'= {
        }
        &'tclive;credentials'= {
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show which credentials would be used (the SecretId masked, never the SecretKey)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;credentials;show'= {
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --check 'Try each read action the commands need (DescribeLiveDomainCertBindings, DescribeLiveDomains, DescribeLiveDomainCert) and show which CAM allows; changes nothing'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;credentials;help'= {
            cand show 'Show which credentials would be used (the SecretId masked, never the SecretKey)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;credentials;help;show'= {
        }
        &'tclive;credentials;help;help'= {
        }
        &'tclive;completions'= {
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;man'= {
            cand --profile 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used'
            cand --credentials-source 'Where the keys come from: the chain (auto), or only one source'
            cand --region 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]'
            cand --endpoint 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]'
            cand --site 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]'
            cand --timeout 'Time allowed for the request, e.g. 30s, 2m, 1m30s'
            cand --max-attempts 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff'
            cand --retry-budget 'Total time allowed across attempts and the waits between them'
            cand --language 'Language of the API''s error messages, sent as X-TC-Language'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to colour output (auto: only on a terminal and without NO_COLOR)'
            cand --dry-run 'Print the request that would be sent and exit: no credentials, nothing sent'
            cand -v 'Trace request and response on stderr (secrets redacted)'
            cand --verbose 'Trace request and response on stderr (secrets redacted)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tclive;help'= {
            cand cert 'Manage the certificates of playback domains'
            cand domain 'List the account''s Live domains'
            cand credentials 'Inspect the credentials tclive would use'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page, tclive(1), as roff'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tclive;help;cert'= {
            cand bind 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)'
            cand unbind 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)'
            cand prune 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound'
            cand check 'Check a certificate and key locally, offline (no credentials, nothing sent)'
            cand list 'List the certificate bindings of all domains, soonest expiry first'
            cand probe 'What viewers see: the certificate each domain''s edge servers hand out in TLS'
        }
        &'tclive;help;cert;bind'= {
        }
        &'tclive;help;cert;unbind'= {
        }
        &'tclive;help;cert;prune'= {
        }
        &'tclive;help;cert;check'= {
        }
        &'tclive;help;cert;list'= {
        }
        &'tclive;help;cert;probe'= {
        }
        &'tclive;help;domain'= {
            cand list 'List the account''s Live domains (DescribeLiveDomains, every page)'
        }
        &'tclive;help;domain;list'= {
        }
        &'tclive;help;credentials'= {
            cand show 'Show which credentials would be used (the SecretId masked, never the SecretKey)'
        }
        &'tclive;help;credentials;show'= {
        }
        &'tclive;help;completions'= {
        }
        &'tclive;help;man'= {
        }
        &'tclive;help;help'= {
        }
    ]
    $completions[$command]
}
