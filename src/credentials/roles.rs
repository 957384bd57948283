//! The sources that name a role instead of holding keys: role assumption with stored keys
//! (`TENCENTCLOUD_ROLE_ARN`), TKE's and GitHub Actions' OIDC identities. Pure: what the
//! environment says, checked; fetching is `fetch`'s.

use std::path::PathBuf;

use super::{IdToken, Lookup, Provider, RoleSpec, Secret};
use crate::error::Error;

pub(crate) const ENV_ROLE_ARN: &str = "TENCENTCLOUD_ROLE_ARN";
pub(crate) const ENV_ROLE_SESSION_NAME: &str = "TENCENTCLOUD_ROLE_SESSION_NAME";
pub(crate) const ENV_ROLE_DURATION: &str = "TENCENTCLOUD_ROLE_SESSION_DURATION";
pub(crate) const ENV_OIDC_PROVIDER: &str = "TENCENTCLOUD_OIDC_PROVIDER_ID";
pub(crate) const ENV_OIDC_AUDIENCE: &str = "TENCENTCLOUD_OIDC_AUDIENCE";
pub(crate) const TKE_TOKEN_FILE: &str = "TKE_WEB_IDENTITY_TOKEN_FILE";
pub(crate) const TKE_VARS: [&str; 4] = [
    "TKE_REGION",
    "TKE_PROVIDER_ID",
    TKE_TOKEN_FILE,
    "TKE_ROLE_ARN",
];
/// The audience asked of GitHub when TENCENTCLOUD_OIDC_AUDIENCE is not set: it must be one
/// of the client ids of the CAM identity provider.
pub const DEFAULT_AUDIENCE: &str = "sts.tencentcloudapi.com";
/// The SDK's session length.
pub const DEFAULT_DURATION: u32 = 7200;
/// STS's longest session.
pub const MAX_DURATION: u32 = 43_200;

/// A credential setting's text (exit 4 when it is not text).
fn var(l: &Lookup<'_>, name: &str) -> Result<Option<String>, Error> {
    crate::envvar::text(l.env, name).map_err(|e| e.credentials())
}

/// A role ARN as CAM writes them (`qcs::cam::uin/100000000001:roleName/name`): checked
/// before it travels, shown in messages only through `printable`.
fn check_arn(arn: &str, from: &str) -> Result<(), Error> {
    let ok = arn.starts_with("qcs::cam::")
        && arn.len() <= 512
        && arn.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Error::Credentials(format!(
            "{from}: '{}' is not a CAM role ARN (qcs::cam::uin/<account>:roleName/<role>)",
            crate::text::printable(&crate::text::excerpt(arn, 60))
        )))
    }
}

/// A CAM name (a role's, a role session's): letters, digits and `_+=,.@-`, 1 to 128
/// characters, and not only dots (it may become a URL path segment).
pub(crate) fn is_cam_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
        && !name.chars().all(|c| c == '.')
}

fn check_session_name(name: &str, from: &str) -> Result<(), Error> {
    if is_cam_name(name) {
        Ok(())
    } else {
        Err(Error::Credentials(format!(
            "{from}: the role session name may hold only letters, digits and _+=,.@- (at most 128)"
        )))
    }
}

/// A role from `arn` (already read from `arn_from`). The session's name: `given` (by the
/// profile that named the role), else TENCENTCLOUD_ROLE_SESSION_NAME, else `default`, else
/// `tclive-<unix time>`; its length TENCENTCLOUD_ROLE_SESSION_DURATION, else 7200 s.
pub(crate) fn role_spec(
    l: &Lookup<'_>,
    arn: String,
    arn_from: &str,
    given: Option<String>,
    default: Option<String>,
) -> Result<RoleSpec, Error> {
    check_arn(&arn, arn_from)?;
    let session_name = match given.or(var(l, ENV_ROLE_SESSION_NAME)?).or(default) {
        Some(n) => n,
        None => format!("tclive-{}", crate::clock::unix_now()),
    };
    check_session_name(&session_name, arn_from)?;
    let duration = match var(l, ENV_ROLE_DURATION)? {
        None => DEFAULT_DURATION,
        Some(d) => d
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_DURATION).contains(d))
            .ok_or_else(|| {
                Error::Credentials(format!(
                    "{ENV_ROLE_DURATION} must be a number of seconds from 1 to {MAX_DURATION}"
                ))
            })?,
    };
    Ok(RoleSpec {
        arn,
        session_name,
        duration,
    })
}

/// `base`, or `base` assuming the role TENCENTCLOUD_ROLE_ARN names.
pub(crate) fn with_env_role(l: &Lookup<'_>, base: Provider) -> Result<Provider, Error> {
    match var(l, ENV_ROLE_ARN)? {
        None => Ok(base),
        Some(arn) => Ok(Provider::AssumeRole {
            base: Box::new(base),
            role: role_spec(l, arn, ENV_ROLE_ARN, None, None)?,
        }),
    }
}

/// TKE's service-account identity, read as the SDK reads it: all four variables, or none.
pub(crate) fn tke(l: &Lookup<'_>) -> Result<Option<Provider>, Error> {
    let region = var(l, "TKE_REGION")?;
    let provider_id = var(l, "TKE_PROVIDER_ID")?;
    // A path: any bytes a path can hold.
    let file = (l.env)(TKE_TOKEN_FILE).filter(|v| !v.is_empty());
    let arn = var(l, "TKE_ROLE_ARN")?;
    let set = [
        region.is_some(),
        provider_id.is_some(),
        file.is_some(),
        arn.is_some(),
    ];
    if !set.contains(&true) {
        return Ok(None);
    }
    let (Some(region), Some(provider_id), Some(file), Some(arn)) = (region, provider_id, file, arn)
    else {
        let missing: Vec<&str> = TKE_VARS
            .iter()
            .zip(set)
            .filter(|(_, set)| !set)
            .map(|(n, _)| *n)
            .collect();
        return Err(Error::Credentials(format!(
            "TKE OIDC: {} not set (the pod's role needs all of {})",
            missing.join(", "),
            TKE_VARS.join(", ")
        )));
    };
    check_region(&region, "TKE_REGION")?;
    Ok(Some(Provider::WebIdentity {
        via: "TKE",
        region,
        provider_id,
        token: IdToken::File(PathBuf::from(file)),
        // The SDK's session name for TKE; its own duration.
        role: role_spec(
            l,
            arn,
            "TKE_ROLE_ARN",
            None,
            Some(format!("tclive-tke-{}", crate::clock::unix_now())),
        )?,
    }))
}

fn check_region(region: &str, from: &str) -> Result<(), Error> {
    if crate::endpoint::is_region(region) {
        Ok(())
    } else {
        Err(Error::Credentials(format!(
            "{from}: not a region name (letters, digits, '-')"
        )))
    }
}

/// A GitHub Actions job's OIDC identity: the job's token endpoint (present when the workflow
/// grants `id-token: write`) and the CAM provider and role to exchange it for.
pub(crate) fn github(l: &Lookup<'_>) -> Result<Option<Provider>, Error> {
    let url = var(l, "ACTIONS_ID_TOKEN_REQUEST_URL")?;
    let bearer = var(l, "ACTIONS_ID_TOKEN_REQUEST_TOKEN")?;
    let provider_id = var(l, ENV_OIDC_PROVIDER)?;
    let (Some(url), Some(bearer)) = (url, bearer) else {
        if provider_id.is_some() {
            return Err(Error::Credentials(format!(
                "{ENV_OIDC_PROVIDER} is set but this job cannot ask GitHub for an OIDC token \
                 (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN missing): give the workflow \
                 `permissions: id-token: write`"
            )));
        }
        return Ok(None);
    };
    let Some(provider_id) = provider_id else {
        // In a job that may ask for a token, but nobody configured a role to exchange it for.
        return Ok(None);
    };
    let arn = var(l, ENV_ROLE_ARN)?.ok_or_else(|| {
        Error::Credentials(format!(
            "{ENV_OIDC_PROVIDER} is set but {ENV_ROLE_ARN} is not: name the role the job's \
             OIDC token is exchanged for"
        ))
    })?;
    // The region is an option's environment form (--region): exit 2, as everywhere.
    let region = crate::envvar::text(l.env, "TENCENTCLOUD_REGION")
        .map_err(|e| e.usage())?
        .unwrap_or_else(|| "ap-guangzhou".into());
    check_region(&region, "TENCENTCLOUD_REGION")?;
    let audience = var(l, ENV_OIDC_AUDIENCE)?.unwrap_or_else(|| DEFAULT_AUDIENCE.into());
    let session = match (var(l, "GITHUB_RUN_ID")?, var(l, "GITHUB_RUN_ATTEMPT")?) {
        (Some(run), Some(attempt)) => Some(format!("tclive-gha-{run}-{attempt}")),
        (Some(run), None) => Some(format!("tclive-gha-{run}")),
        _ => None,
    }
    .filter(|n| is_cam_name(n));
    Ok(Some(Provider::WebIdentity {
        via: "GitHub Actions",
        region,
        provider_id,
        token: IdToken::Github {
            url,
            bearer: Secret::new(bearer),
            audience,
        },
        role: role_spec(l, arn, ENV_ROLE_ARN, None, session)?,
    }))
}
