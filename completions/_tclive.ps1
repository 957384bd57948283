
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tclive' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tclive'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tclive' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Manage the certificates of playback domains')
            [CompletionResult]::new('domain', 'domain', [CompletionResultType]::ParameterValue, 'List the account''s Live domains')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Inspect the credentials tclive would use')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, tclive(1), as roff')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;cert' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('bind', 'bind', [CompletionResultType]::ParameterValue, 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)')
            [CompletionResult]::new('unbind', 'unbind', [CompletionResultType]::ParameterValue, 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a certificate and key locally, offline (no credentials, nothing sent)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the certificate bindings of all domains, soonest expiry first')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'What viewers see: the certificate each domain''s edge servers hand out in TLS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;cert;bind' {
            [CompletionResult]::new('--cert-id', '--cert-id', [CompletionResultType]::ParameterName, 'ID of a certificate in the SSL certificate service (CloudCertId)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'PEM chain to upload, leaf first (fullchain.pem); ''-'' reads stdin')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'PEM private key of that certificate (privkey.pem); ''-'' reads stdin')
            [CompletionResult]::new('--alias', '--alias', [CompletionResultType]::ParameterName, 'Remark for the uploaded certificate (only with a key pair; default "tclive CN DATE")')
            [CompletionResult]::new('--upload-via', '--upload-via', [CompletionResultType]::ParameterName, 'How a key pair reaches Live: stored once in the SSL service, or uploaded by the bind')
            [CompletionResult]::new('--retire-old', '--retire-old', [CompletionResultType]::ParameterName, 'After a bind that fully succeeded, mute or delete the certificates it replaced')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Domain to bind, NAME[:on|off|keep] (HTTPS; default on); repeat it')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Domain to bind, NAME[:on|off|keep] (HTTPS; default on); repeat it')
            [CompletionResult]::new('--domains-file', '--domains-file', [CompletionResultType]::ParameterName, 'File of NAME[:STATE] lines (''#'' comments); ''-'' reads stdin')
            [CompletionResult]::new('--wait-served', '--wait-served', [CompletionResultType]::ParameterName, 'Then wait until the domains'' servers hand out the new certificate')
            [CompletionResult]::new('--connect-to', '--connect-to', [CompletionResultType]::ParameterName, 'With --wait-served: connect to HOST[:PORT] for NAME (repeatable; as curl''s --connect-to)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--from-hook-env', '--from-hook-env', [CompletionResultType]::ParameterName, 'Take --cert and --key from an ACME client''s deploy-hook environment')
            [CompletionResult]::new('--match-san', '--match-san', [CompletionResultType]::ParameterName, 'Also bind every enabled play domain the certificate''s names cover')
            [CompletionResult]::new('--no-check', '--no-check', [CompletionResultType]::ParameterName, 'Skip the local certificate checks (last resort)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Show what would change per domain; send no change')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Bind even the domains that already have this certificate and state')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Read every applied domain back; a difference is `unverified`')
            [CompletionResult]::new('--all-addresses', '--all-addresses', [CompletionResultType]::ParameterName, 'With --wait-served: wait for every address of each name, not just one')
            [CompletionResult]::new('--allow-idn', '--allow-idn', [CompletionResultType]::ParameterName, 'Accept labels that mix scripts (refused by default as look-alikes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;cert;unbind' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Domain to unbind; repeat it (a :STATE suffix is ignored)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Domain to unbind; repeat it (a :STATE suffix is ignored)')
            [CompletionResult]::new('--domains-file', '--domains-file', [CompletionResultType]::ParameterName, 'File of domain names, one a line (''#'' comments); ''-'' reads stdin')
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'Which certificate: the formal one, or the gray-release one')
            [CompletionResult]::new('--retire-old', '--retire-old', [CompletionResultType]::ParameterName, 'After every unbind succeeded, mute or delete the certificates removed, when leftovers')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Show what is bound now; send nothing')
            [CompletionResult]::new('--allow-idn', '--allow-idn', [CompletionResultType]::ParameterName, 'Accept labels that mix scripts (refused by default as look-alikes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;cert;prune' {
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only certificates whose id, alias or a name contains TEXT (case-insensitive)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete (or with --mute, mute) what the plan selects; without it nothing is changed')
            [CompletionResult]::new('--mute', '--mute', [CompletionResultType]::ParameterName, 'Mute the expiry notices of what is selected instead of deleting it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;cert;check' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'PEM certificate chain, leaf first (fullchain.pem); ''-'' reads stdin')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'PEM private key to match against the certificate; ''-'' reads stdin')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Domain the certificate must cover (repeatable; NAME or NAME:STATE)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Domain the certificate must cover (repeatable; NAME or NAME:STATE)')
            [CompletionResult]::new('--domains-file', '--domains-file', [CompletionResultType]::ParameterName, 'File with one domain per line (''#'' comments, blank lines ignored); ''-'' reads stdin')
            [CompletionResult]::new('--min-days', '--min-days', [CompletionResultType]::ParameterName, 'Warn when the certificate expires within this many days')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings as failures (exit 3)')
            [CompletionResult]::new('--allow-idn', '--allow-idn', [CompletionResultType]::ParameterName, 'Accept labels that mix scripts (refused by default as look-alikes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;cert;list' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Only this domain (exact name)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Only this domain (exact name)')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only domains whose name contains TEXT')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Only bindings expiring within DURATION (e.g. 30d) or already expired; exit 5 if any')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--allow-idn', '--allow-idn', [CompletionResultType]::ParameterName, 'Accept labels that mix scripts (refused by default as look-alikes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;cert;probe' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Domain to probe (repeatable); a `:STATE` suffix, as bind takes it, is ignored')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Domain to probe (repeatable); a `:STATE` suffix, as bind takes it, is ignored')
            [CompletionResult]::new('--domains-file', '--domains-file', [CompletionResultType]::ParameterName, 'File of domains, one per line (''#'' comments); ''-'' reads stdin')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to connect to')
            [CompletionResult]::new('--connect-to', '--connect-to', [CompletionResultType]::ParameterName, 'Connect to HOST[:PORT] for NAME (repeatable; as curl''s --connect-to)')
            [CompletionResult]::new('--expect-cert', '--expect-cert', [CompletionResultType]::ParameterName, 'The served leaf must be the first certificate of this PEM file')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'A served leaf expiring within DURATION (e.g. 21d) is a problem')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--all-addresses', '--all-addresses', [CompletionResultType]::ParameterName, 'Probe every address a name resolves to (IPv4 and IPv6), one row each')
            [CompletionResult]::new('--expect-bound', '--expect-bound', [CompletionResultType]::ParameterName, 'The served leaf must be the one the API says is bound (needs credentials)')
            [CompletionResult]::new('--allow-idn', '--allow-idn', [CompletionResultType]::ParameterName, 'Accept labels that mix scripts (refused by default as look-alikes)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;cert;help' {
            [CompletionResult]::new('bind', 'bind', [CompletionResultType]::ParameterValue, 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)')
            [CompletionResult]::new('unbind', 'unbind', [CompletionResultType]::ParameterValue, 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a certificate and key locally, offline (no credentials, nothing sent)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the certificate bindings of all domains, soonest expiry first')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'What viewers see: the certificate each domain''s edge servers hand out in TLS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;cert;help;bind' {
            break
        }
        'tclive;cert;help;unbind' {
            break
        }
        'tclive;cert;help;prune' {
            break
        }
        'tclive;cert;help;check' {
            break
        }
        'tclive;cert;help;list' {
            break
        }
        'tclive;cert;help;probe' {
            break
        }
        'tclive;cert;help;help' {
            break
        }
        'tclive;domain' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the account''s Live domains (DescribeLiveDomains, every page)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;domain;list' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Which domains: play (default), push or all')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--enabled', '--enabled', [CompletionResultType]::ParameterName, 'Only enabled domains')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;domain;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the account''s Live domains (DescribeLiveDomains, every page)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;domain;help;list' {
            break
        }
        'tclive;domain;help;help' {
            break
        }
        'tclive;credentials' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show which credentials would be used (the SecretId masked, never the SecretKey)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;credentials;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Try each read action the commands need (DescribeLiveDomainCertBindings, DescribeLiveDomains, DescribeLiveDomainCert) and show which CAM allows; changes nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;credentials;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show which credentials would be used (the SecretId masked, never the SecretKey)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;credentials;help;show' {
            break
        }
        'tclive;credentials;help;help' {
            break
        }
        'tclive;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;man' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment''s keys are not used')
            [CompletionResult]::new('--credentials-source', '--credentials-source', [CompletionResultType]::ParameterName, 'Where the keys come from: the chain (auto), or only one source')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for the request, e.g. 30s, 2m, 1m30s')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff')
            [CompletionResult]::new('--retry-budget', '--retry-budget', [CompletionResultType]::ParameterName, 'Total time allowed across attempts and the waits between them')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Language of the API''s error messages, sent as X-TC-Language')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (auto: only on a terminal and without NO_COLOR)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent and exit: no credentials, nothing sent')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace request and response on stderr (secrets redacted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tclive;help' {
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Manage the certificates of playback domains')
            [CompletionResult]::new('domain', 'domain', [CompletionResultType]::ParameterValue, 'List the account''s Live domains')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Inspect the credentials tclive would use')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, tclive(1), as roff')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tclive;help;cert' {
            [CompletionResult]::new('bind', 'bind', [CompletionResultType]::ParameterValue, 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)')
            [CompletionResult]::new('unbind', 'unbind', [CompletionResultType]::ParameterValue, 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a certificate and key locally, offline (no credentials, nothing sent)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the certificate bindings of all domains, soonest expiry first')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'What viewers see: the certificate each domain''s edge servers hand out in TLS')
            break
        }
        'tclive;help;cert;bind' {
            break
        }
        'tclive;help;cert;unbind' {
            break
        }
        'tclive;help;cert;prune' {
            break
        }
        'tclive;help;cert;check' {
            break
        }
        'tclive;help;cert;list' {
            break
        }
        'tclive;help;cert;probe' {
            break
        }
        'tclive;help;domain' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the account''s Live domains (DescribeLiveDomains, every page)')
            break
        }
        'tclive;help;domain;list' {
            break
        }
        'tclive;help;credentials' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show which credentials would be used (the SecretId masked, never the SecretKey)')
            break
        }
        'tclive;help;credentials;show' {
            break
        }
        'tclive;help;completions' {
            break
        }
        'tclive;help;man' {
            break
        }
        'tclive;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
