//! The chain: which certificate is the leaf, the issuer order it is sent in, and whether each
//! signature verifies (RSA keys under 2048 bits included, so a self-signed leaf is
//! recognised whatever its key size).

use x509_parser::certificate::X509Certificate;

use super::{Check, Status};

/// Whether `child`'s signature verifies with `parent`'s key (None: its own). Besides what
/// x509-parser verifies, RSA keys of 1024 to 2047 bits are verified too (ring's legacy
/// algorithms): such a key fails the `key` check anyway, but a self-signed certificate must
/// be recognised as self-signed whatever its key size.
pub(super) fn signed_by(child: &X509Certificate<'_>, parent: Option<&X509Certificate<'_>>) -> bool {
    let spki = parent.map_or(child.public_key(), |p| p.public_key());
    if child.verify_signature(Some(spki)).is_ok() {
        return true;
    }
    use ring::signature as sig;
    let alg: &dyn sig::VerificationAlgorithm =
        match child.signature_algorithm.algorithm.to_id_string().as_str() {
            "1.2.840.113549.1.1.11" => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            "1.2.840.113549.1.1.13" => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => {
                &sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY
            }
            _ => return false,
        };
    sig::UnparsedPublicKey::new(alg, &spki.subject_public_key.data)
        .verify(child.tbs_certificate.as_ref(), &child.signature_value.data)
        .is_ok()
}

/// The certificate names itself as its issuer and its signature verifies with its own key.
pub(crate) fn is_self_signed(c: &X509Certificate<'_>) -> bool {
    c.subject() == c.issuer() && signed_by(c, None)
}

pub(super) fn issued_by(child: &X509Certificate<'_>, parent: &X509Certificate<'_>) -> bool {
    child.issuer() == parent.subject()
}

/// Picks the leaf, orders the rest by issuer, and reports what is wrong with the chain.
pub(super) fn chain(certs: &[X509Certificate<'_>]) -> (Vec<usize>, Vec<Check>) {
    let n = certs.len();
    let mut out = Vec::new();
    // A leaf issues nothing in the file. Prefer the file's first certificate when it qualifies.
    let issues_another = |i: usize| {
        (0..n).any(|j| j != i && issued_by(&certs[j], &certs[i]) && !is_self_signed(&certs[j]))
    };
    let leaf = if !issues_another(0) {
        0
    } else {
        (0..n).find(|&i| !issues_another(i)).unwrap_or(0)
    };
    let mut order = vec![leaf];
    let mut cur = leaf;
    while !is_self_signed(&certs[cur]) {
        match (0..n).find(|&j| !order.contains(&j) && issued_by(&certs[cur], &certs[j])) {
            Some(next) => {
                order.push(next);
                cur = next;
            }
            None => break,
        }
    }
    let leftovers: Vec<usize> = (0..n).filter(|i| !order.contains(i)).collect();

    let leaf_cert = &certs[leaf];
    let mut problems = Vec::new();
    let self_signed = is_self_signed(leaf_cert);
    if leaf_cert.is_ca() && !self_signed {
        problems.push(format!(
            "the first certificate ({}) is a CA certificate, not a server certificate: --cert must start with the certificate issued for your domains",
            leaf_cert.subject()
        ));
    }
    if order != (0..order.len()).collect::<Vec<_>>() {
        problems.push(format!(
            "the certificates are not in issuer order (leaf first, then its issuer …); they will be sent as #{}",
            order
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", #")
        ));
    }
    if self_signed && leaf_cert.is_ca() {
        // What `openssl req -x509` makes by default: a test certificate, not a misplaced CA.
        problems.push(
            "the certificate is self-signed (and marked as a CA, as `openssl req -x509` makes \
             it by default): players and browsers will not trust it; fine for a test, for \
             viewers use one issued by a CA (certbot, acme.sh, lego)"
                .to_string(),
        );
    } else if self_signed {
        problems.push(
            "the certificate is self-signed: players and browsers will not trust it".to_string(),
        );
    } else if order.len() == 1 {
        problems.push(format!(
            "the issuer ({}) is not in the file: clients may fail to build the chain; give the full chain (certbot fullchain.pem, acme.sh fullchain.cer, lego .crt)",
            leaf_cert.issuer()
        ));
    }
    for pair in order.windows(2) {
        let (child, parent) = (&certs[pair[0]], &certs[pair[1]]);
        if !signed_by(child, Some(parent)) {
            problems.push(format!(
                "{} names {} as its issuer, but the signature does not verify with that certificate's key",
                child.subject(),
                parent.subject()
            ));
        }
    }
    if !leftovers.is_empty() {
        problems.push(format!(
            "certificate{} #{} not part of the leaf's chain and will not be sent",
            if leftovers.len() == 1 { " is" } else { "s are" },
            leftovers
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", #")
        ));
    }
    if problems.is_empty() {
        let mut path: Vec<String> = order
            .iter()
            .map(|&i| certs[i].subject().to_string())
            .collect();
        let last = &certs[*order.last().unwrap_or(&leaf)];
        if !is_self_signed(last) {
            path.push(format!("({}, not included)", last.issuer()));
        }
        out.push(Check::new("chain", Status::Pass, path.join(" → ")));
    } else {
        for p in problems {
            out.push(Check::new("chain", Status::Warn, p));
        }
    }
    (order, out)
}
