# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tclive_global_optspecs
    string join \n profile= credentials-source= region= endpoint= site= timeout= max-attempts= retry-budget= language= o/output= color= dry-run v/verbose h/help V/version
end

function __fish_tclive_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tclive_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tclive_using_subcommand
    set -l cmd (__fish_tclive_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tclive -n "__fish_tclive_needs_command" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_needs_command" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_needs_command" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_needs_command" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_needs_command" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_needs_command" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_needs_command" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_needs_command" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_needs_command" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_needs_command" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_needs_command" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_needs_command" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_needs_command" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_needs_command" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_needs_command" -f -a "cert" -d 'Manage the certificates of playback domains'
complete -c tclive -n "__fish_tclive_needs_command" -f -a "domain" -d 'List the account\'s Live domains'
complete -c tclive -n "__fish_tclive_needs_command" -f -a "credentials" -d 'Inspect the credentials tclive would use'
complete -c tclive -n "__fish_tclive_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c tclive -n "__fish_tclive_needs_command" -f -a "man" -d 'Print the manual page, tclive(1), as roff'
complete -c tclive -n "__fish_tclive_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -f -a "bind" -d 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -f -a "unbind" -d 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -f -a "prune" -d 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -f -a "check" -d 'Check a certificate and key locally, offline (no credentials, nothing sent)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -f -a "list" -d 'List the certificate bindings of all domains, soonest expiry first'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -f -a "probe" -d 'What viewers see: the certificate each domain\'s edge servers hand out in TLS'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and not __fish_seen_subcommand_from bind unbind prune check list probe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l cert-id -d 'ID of a certificate in the SSL certificate service (CloudCertId)' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l cert -d 'PEM chain to upload, leaf first (fullchain.pem); \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l key -d 'PEM private key of that certificate (privkey.pem); \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l alias -d 'Remark for the uploaded certificate (only with a key pair; default "tclive CN DATE")' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l upload-via -d 'How a key pair reaches Live: stored once in the SSL service, or uploaded by the bind' -r -f -a "auto\t''
ssl\t''
live\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l retire-old -d 'After a bind that fully succeeded, mute or delete the certificates it replaced' -r -f -a "mute\t'No more expiry notices for it (ModifyCertificatesExpiringNotificationSwitch)'
delete\t'Deleted, after the service checked no other cloud product uses it (DeleteCertificates)'"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -s d -l domain -d 'Domain to bind, NAME[:on|off|keep] (HTTPS; default on); repeat it' -r -f
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l domains-file -d 'File of NAME[:STATE] lines (\'#\' comments); \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l wait-served -d 'Then wait until the domains\' servers hand out the new certificate' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l connect-to -d 'With --wait-served: connect to HOST[:PORT] for NAME (repeatable; as curl\'s --connect-to)' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l from-hook-env -d 'Take --cert and --key from an ACME client\'s deploy-hook environment'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l match-san -d 'Also bind every enabled play domain the certificate\'s names cover'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l no-check -d 'Skip the local certificate checks (last resort)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l plan -d 'Show what would change per domain; send no change'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l force -d 'Bind even the domains that already have this certificate and state'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l verify -d 'Read every applied domain back; a difference is `unverified`'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l all-addresses -d 'With --wait-served: wait for every address of each name, not just one'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l allow-idn -d 'Accept labels that mix scripts (refused by default as look-alikes)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from bind" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -s d -l domain -d 'Domain to unbind; repeat it (a :STATE suffix is ignored)' -r -f
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l domains-file -d 'File of domain names, one a line (\'#\' comments); \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l rule -d 'Which certificate: the formal one, or the gray-release one' -r -f -a "formal\t''
gray\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l retire-old -d 'After every unbind succeeded, mute or delete the certificates removed, when leftovers' -r -f -a "mute\t'No more expiry notices for it (ModifyCertificatesExpiringNotificationSwitch)'
delete\t'Deleted, after the service checked no other cloud product uses it (DeleteCertificates)'"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l plan -d 'Show what is bound now; send nothing'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l allow-idn -d 'Accept labels that mix scripts (refused by default as look-alikes)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from unbind" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l search -d 'Only certificates whose id, alias or a name contains TEXT (case-insensitive)' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l yes -d 'Delete (or with --mute, mute) what the plan selects; without it nothing is changed'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l mute -d 'Mute the expiry notices of what is selected instead of deleting it'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l cert -d 'PEM certificate chain, leaf first (fullchain.pem); \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l key -d 'PEM private key to match against the certificate; \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -s d -l domain -d 'Domain the certificate must cover (repeatable; NAME or NAME:STATE)' -r -f
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l domains-file -d 'File with one domain per line (\'#\' comments, blank lines ignored); \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l min-days -d 'Warn when the certificate expires within this many days' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l strict -d 'Treat warnings as failures (exit 3)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l allow-idn -d 'Accept labels that mix scripts (refused by default as look-alikes)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -s d -l domain -d 'Only this domain (exact name)' -r -f
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l search -d 'Only domains whose name contains TEXT' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l expiring-within -d 'Only bindings expiring within DURATION (e.g. 30d) or already expired; exit 5 if any' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l allow-idn -d 'Accept labels that mix scripts (refused by default as look-alikes)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -s d -l domain -d 'Domain to probe (repeatable); a `:STATE` suffix, as bind takes it, is ignored' -r -f
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l domains-file -d 'File of domains, one per line (\'#\' comments); \'-\' reads stdin' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l port -d 'Port to connect to' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l connect-to -d 'Connect to HOST[:PORT] for NAME (repeatable; as curl\'s --connect-to)' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l expect-cert -d 'The served leaf must be the first certificate of this PEM file' -r -F
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l expiring-within -d 'A served leaf expiring within DURATION (e.g. 21d) is a problem' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l all-addresses -d 'Probe every address a name resolves to (IPv4 and IPv6), one row each'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l expect-bound -d 'The served leaf must be the one the API says is bound (needs credentials)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l allow-idn -d 'Accept labels that mix scripts (refused by default as look-alikes)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from probe" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "bind" -d 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "unbind" -d 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check a certificate and key locally, offline (no credentials, nothing sent)'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the certificate bindings of all domains, soonest expiry first'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "probe" -d 'What viewers see: the certificate each domain\'s edge servers hand out in TLS'
complete -c tclive -n "__fish_tclive_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List the account\'s Live domains (DescribeLiveDomains, every page)'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l type -d 'Which domains: play (default), push or all' -r -f -a "play\t''
push\t''
all\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l enabled -d 'Only enabled domains'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the account\'s Live domains (DescribeLiveDomains, every page)'
complete -c tclive -n "__fish_tclive_using_subcommand domain; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Show which credentials would be used (the SecretId masked, never the SecretKey)'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l check -d 'Try each read action the commands need (DescribeLiveDomainCertBindings, DescribeLiveDomains, DescribeLiveDomainCert) and show which CAM allows; changes nothing'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show which credentials would be used (the SecretId masked, never the SecretKey)'
complete -c tclive -n "__fish_tclive_using_subcommand credentials; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand completions" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand completions" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand completions" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tclive -n "__fish_tclive_using_subcommand completions" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand man" -l profile -d 'Credentials profile (section of the credentials file, tccli profile name); else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the environment\'s keys are not used' -r
complete -c tclive -n "__fish_tclive_using_subcommand man" -l credentials-source -d 'Where the keys come from: the chain (auto), or only one source' -r -f -a "auto\t''
env\t''
file\t''
tccli\t''
tke\t''
github\t''
cvm-role\t''"
complete -c tclive -n "__fish_tclive_using_subcommand man" -l region -d 'Region, sent as X-TC-Region (Live does not need one; sent only when set) [env: TENCENTCLOUD_REGION]' -r
complete -c tclive -n "__fish_tclive_using_subcommand man" -l endpoint -d 'API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]' -r
complete -c tclive -n "__fish_tclive_using_subcommand man" -l site -d 'Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]' -r -f -a "cn\t''
intl\t''"
complete -c tclive -n "__fish_tclive_using_subcommand man" -l timeout -d 'Time allowed for the request, e.g. 30s, 2m, 1m30s' -r
complete -c tclive -n "__fish_tclive_using_subcommand man" -l max-attempts -d 'Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx, resets and timeouts are retried with jittered exponential backoff' -r
complete -c tclive -n "__fish_tclive_using_subcommand man" -l retry-budget -d 'Total time allowed across attempts and the waits between them' -r
complete -c tclive -n "__fish_tclive_using_subcommand man" -l language -d 'Language of the API\'s error messages, sent as X-TC-Language' -r -f -a "en-US\t''
zh-CN\t''"
complete -c tclive -n "__fish_tclive_using_subcommand man" -s o -l output -d 'Output format for results on stdout' -r -f -a "table\t''
json\t''
tsv\t''
prometheus\t''"
complete -c tclive -n "__fish_tclive_using_subcommand man" -l color -d 'When to colour output (auto: only on a terminal and without NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tclive -n "__fish_tclive_using_subcommand man" -l dry-run -d 'Print the request that would be sent and exit: no credentials, nothing sent'
complete -c tclive -n "__fish_tclive_using_subcommand man" -s v -l verbose -d 'Trace request and response on stderr (secrets redacted)'
complete -c tclive -n "__fish_tclive_using_subcommand man" -s h -l help -d 'Print help'
complete -c tclive -n "__fish_tclive_using_subcommand man" -s V -l version -d 'Print version'
complete -c tclive -n "__fish_tclive_using_subcommand help; and not __fish_seen_subcommand_from cert domain credentials completions man help" -f -a "cert" -d 'Manage the certificates of playback domains'
complete -c tclive -n "__fish_tclive_using_subcommand help; and not __fish_seen_subcommand_from cert domain credentials completions man help" -f -a "domain" -d 'List the account\'s Live domains'
complete -c tclive -n "__fish_tclive_using_subcommand help; and not __fish_seen_subcommand_from cert domain credentials completions man help" -f -a "credentials" -d 'Inspect the credentials tclive would use'
complete -c tclive -n "__fish_tclive_using_subcommand help; and not __fish_seen_subcommand_from cert domain credentials completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c tclive -n "__fish_tclive_using_subcommand help; and not __fish_seen_subcommand_from cert domain credentials completions man help" -f -a "man" -d 'Print the manual page, tclive(1), as roff'
complete -c tclive -n "__fish_tclive_using_subcommand help; and not __fish_seen_subcommand_from cert domain credentials completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "bind" -d 'Bind one certificate to playback domains (ModifyLiveDomainCertBindings)'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "unbind" -d 'Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "prune" -d 'Delete the uploaded certificates earlier renewals left: expired or superseded, unbound'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "check" -d 'Check a certificate and key locally, offline (no credentials, nothing sent)'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "list" -d 'List the certificate bindings of all domains, soonest expiry first'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "probe" -d 'What viewers see: the certificate each domain\'s edge servers hand out in TLS'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from domain" -f -a "list" -d 'List the account\'s Live domains (DescribeLiveDomains, every page)'
complete -c tclive -n "__fish_tclive_using_subcommand help; and __fish_seen_subcommand_from credentials" -f -a "show" -d 'Show which credentials would be used (the SecretId masked, never the SecretKey)'
