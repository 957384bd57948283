//! The SSL Certificate service as tclive uses it: the product ([`SSL`]), the actions' request
//! and response types (serde, PascalCase) and the codes it acts on. A key pair is stored here
//! once (`UploadCertificate`, de-duplicated) and bound to Live domains by the id it gets.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::cloud::Product;
use crate::cloud::fields::Capped;

pub const UPLOAD: &str = "UploadCertificate";
pub const DESCRIBE_CERTIFICATES: &str = "DescribeCertificates";
pub const DELETE_CERTIFICATES: &str = "DeleteCertificates";
pub const DESCRIBE_DELETE_TASKS: &str = "DescribeDeleteCertificatesTaskResult";
pub const MUTE_EXPIRY: &str = "ModifyCertificatesExpiringNotificationSwitch";

/// The most ids one call takes: DeleteCertificates and DescribeDeleteCertificatesTaskResult
/// 100, ModifyCertificatesExpiringNotificationSwitch 50 (the actions' documentation).
pub const DELETE_BATCH: usize = 100;
pub const TASKS_BATCH: usize = 100;
pub const MUTE_BATCH: usize = 50;

/// The service role a checked delete (`IsSync`) needs (task status 3 without it).
pub const DELETE_ROLE: &str = "SSL_QCSLinkedRoleInReplaceLoadCertificate";

/// The SSL Certificate service, version 2019-12-05.
pub static SSL: Product = Product {
    name: "SSL Certificate",
    service: "ssl",
    version: "2019-12-05",
    host: "ssl.tencentcloudapi.com",
    intl_host: "ssl.intl.tencentcloudapi.com",
    endpoint_var: "TCLIVE_SSL_ENDPOINT",
    transient: &TRANSIENT,
    account_states: &[],
    permission_denied: &PERMISSION_DENIED,
    // The SSL API's limit (issue 21): 10 requests a second per action.
    per_second: 10,
    opaque: false,
};

/// The codes that mean "CAM does not allow this" (errorcodes.py of the SSL API: "operation
/// not authorised", "check whether you have the permission", "CAM authentication failed").
pub const PERMISSION_DENIED: [&str; 4] = [
    "UnauthorizedOperation",
    "AuthFailure.UnauthorizedOperation",
    "FailedOperation.AuthError",
    "FailedOperation.CAMAuthorizedFail",
];

/// Codes errorcodes.py describes as the service's own passing trouble ("internal error",
/// "the backend's answer was empty / an error", "the CA is busy, try again later", "system
/// error"), and the common ServiceUnavailable: worth another attempt where retrying is safe.
pub const TRANSIENT: [&str; 6] = [
    "InternalError",
    "InternalError.BackendResponseEmpty",
    "InternalError.BackendResponseError",
    "FailedOperation.NetworkError",
    "FailedOperation.SystemError",
    "ServiceUnavailable",
];

/// What a certificate uploaded for Live is stored as.
pub const CERTIFICATE_TYPE: &str = "SVR";
pub const CERTIFICATE_USE: &str = "LIVE";

/// `UploadCertificate` request, fields in the order of the action's documentation.
/// `Repeatable: false` makes the service answer the id of an identical certificate already
/// stored instead of storing another copy.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadRequest<'a> {
    pub certificate_public_key: &'a str,
    pub certificate_private_key: &'a str,
    pub certificate_type: &'a str,
    pub alias: &'a str,
    pub certificate_use: &'a str,
    pub repeatable: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadResponse {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub certificate_id: Option<String>,
    /// The id of the identical certificate already stored, when there is one.
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub repeat_cert_id: Option<String>,
}

/// The longest certificate id taken from an answer (real ones are 8 characters).
pub const MAX_ID_LEN: usize = 64;

/// What an upload came to: the id to bind, and whether the service stored it just now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: String,
    pub new: bool,
}

/// Whether an id from an answer can be sent on and printed as an id: short, and only ASCII
/// letters, digits, `-`, `_` and `.` (real ones are 8 letters and digits), so that what is
/// printed is what is sent and no two ids look alike.
pub fn usable_id(s: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl UploadResponse {
    /// The id to bind: `RepeatCertId` when not empty (the service found the same certificate
    /// stored), else `CertificateId`. None when the answer names neither as an id can be
    /// (short, no spaces or control characters: it is sent on and printed).
    pub fn stored(&self) -> Option<Stored> {
        let usable = |s: &Option<String>| s.as_deref().filter(|s| usable_id(s)).map(str::to_string);
        if let Some(id) = usable(&self.repeat_cert_id) {
            return Some(Stored { id, new: false });
        }
        usable(&self.certificate_id).map(|id| Stored { id, new: true })
    }
}

/// `DescribeCertificates` request (one page).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCertificatesRequest<'a> {
    pub offset: u64,
    pub limit: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_ids: Option<&'a [String]>,
}

/// The fields of a stored certificate that a retirement judges by, read lossily (`?` for
/// a value of another type: a `?` is never a name, a source or a date).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StoredCertificate {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub certificate_id: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub alias: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_names")]
    pub subject_alt_name: Option<Capped<String>>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub cert_end_time: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub cert_begin_time: Option<String>,
    /// `SVR` (a server certificate) or `CA` (a client CA).
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub certificate_type: Option<String>,
    /// 1 = valid; 3 = expired, 10 = revoked …
    #[serde(default)]
    pub status: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub insert_time: Option<String>,
    /// Its expiry notices are muted (`true`); anything else is taken as not muted.
    #[serde(default)]
    pub is_ignore: Option<serde_json::Value>,
    /// Not an object: nothing of it can be read.
    #[serde(skip)]
    pub unreadable: bool,
}

/// A stored certificate is an entry of the `DescribeCertificates` listing, known by its id.
impl crate::cloud::fields::Entry for StoredCertificate {
    fn unreadable() -> Self {
        StoredCertificate {
            unreadable: true,
            ..StoredCertificate::default()
        }
    }

    fn name(&self) -> Option<&str> {
        self.certificate_id.as_deref().filter(|id| usable_id(id))
    }

    /// Ids compare exactly: `AbC` and `abc` are two certificates.
    fn key(&self) -> Option<String> {
        self.name().map(str::to_string)
    }

    fn problems(&self) -> Option<String> {
        if self.unreadable {
            Some("the entry is not an object".into())
        } else if self.name().is_none() {
            Some("CertificateId".into())
        } else {
            None
        }
    }
}

/// Certificates per page of `DescribeCertificates` (the action's maximum).
pub const CERTIFICATES_PAGE: u64 = 1000;

/// `DeleteCertificates` request: `IsSync` makes the service check every other cloud product
/// for the certificate first (an asynchronous task per certificate).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRequest<'a> {
    pub certificate_ids: &'a [String],
    pub is_sync: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteResponse {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_names")]
    pub success: Option<Capped<String>>,
    #[serde(default)]
    pub fail: Option<Capped<DeleteFail>>,
    #[serde(default)]
    pub cert_task_ids: Option<Capped<CertTask>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteFail {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub cert_id: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub msg: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertTask {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub cert_id: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub task_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TasksRequest<'a> {
    pub task_ids: &'a [String],
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TasksResponse {
    #[serde(default)]
    pub delete_task_result: Option<Capped<TaskResult>>,
}

/// One delete task: Status 0 running, 1 deleted, 2 failed, 3 the service role is missing,
/// 4 still used by a cloud resource (Domains, Error), 5 looking them up timed out.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskResult {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub task_id: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub cert_id: Option<String>,
    #[serde(default)]
    pub status: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_names")]
    pub domains: Option<Capped<String>>,
}

/// `ModifyCertificatesExpiringNotificationSwitch`: SwitchStatus 1 = no expiry notices.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MuteRequest<'a> {
    pub certificate_ids: &'a [String],
    pub switch_status: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MuteResponse {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_names")]
    pub certificate_ids: Option<Capped<String>>,
}

/// One page of stored certificates; the objects are kept as received (each read as a
/// [`StoredCertificate`]).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCertificatesResponse {
    #[serde(default)]
    pub total_count: Option<u64>,
    #[serde(default)]
    pub certificates: Option<Capped<Box<RawValue>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upload_serialises_in_documented_order() {
        let req = UploadRequest {
            certificate_public_key: "P",
            certificate_private_key: "K",
            certificate_type: CERTIFICATE_TYPE,
            alias: "a",
            certificate_use: CERTIFICATE_USE,
            repeatable: false,
        };
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"CertificatePublicKey":"P","CertificatePrivateKey":"K","CertificateType":"SVR","Alias":"a","CertificateUse":"LIVE","Repeatable":false}"#
        );
    }

    #[test]
    fn the_id_bound_is_the_duplicates_when_there_is_one() {
        let read = |s: &str| serde_json::from_str::<UploadResponse>(s).unwrap().stored();
        assert_eq!(
            read(r#"{"CertificateId":"new1","RepeatCertId":""}"#),
            Some(Stored {
                id: "new1".into(),
                new: true
            })
        );
        assert_eq!(
            read(r#"{"CertificateId":"new1","RepeatCertId":"old9"}"#),
            Some(Stored {
                id: "old9".into(),
                new: false
            })
        );
        assert_eq!(
            read(r#"{"CertificateId":"","RepeatCertId":"old9"}"#),
            Some(Stored {
                id: "old9".into(),
                new: false
            })
        );
        assert_eq!(read(r#"{"CertificateId":null,"RepeatCertId":null}"#), None);
        assert_eq!(read(r#"{"CertificateId":7}"#), None);
        assert_eq!(read(r#"{}"#), None);
        assert_eq!(read(r#"{"CertificateId":"a b"}"#), None);
        assert_eq!(read(r#"{"CertificateId":"a\nb"}"#), None);
        let long = format!(r#"{{"CertificateId":"{}"}}"#, "x".repeat(65));
        assert_eq!(read(&long), None);
    }
}
