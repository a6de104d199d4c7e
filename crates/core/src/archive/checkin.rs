//! The signed, expiring check-in token behind an activity's QR code.
//!
//! The organiser's phone shows a QR code of `…/activities/checkin?t=TOKEN`; a deputy scans it
//! while logged in. TOKEN is `{activity}.{expiry}.{mac}`: the activity's id, the expiry as Unix
//! seconds, and HMAC-SHA256 (RFC 2104) under a server secret over `"{activity}:{expiry}"`, in
//! lowercase hex. A photo of the code sent to a deputy at home is worthless a minute and a half
//! later, and nobody can make a code for another activity or a later time without the secret.
//!
//! HMAC is a few lines over `sha2`, tested against RFC 4231's vectors, so no crate is added.

use super::ScoringError;
use sha2::{Digest, Sha256};

/// How long a code shown on the organiser's screen stays valid.
pub const TOKEN_SECONDS: i64 = 90;

const BLOCK: usize = 64;

/// HMAC-SHA256 of `message` under `key` (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

fn mac(secret: &[u8], activity: i64, expiry: i64) -> String {
    hex::encode(hmac_sha256(secret, format!("{activity}:{expiry}").as_bytes()))
}

/// The token for `activity`, valid until `expiry` (Unix seconds).
pub fn sign(secret: &[u8], activity: i64, expiry: i64) -> String {
    format!("{activity}.{expiry}.{}", mac(secret, activity, expiry))
}

/// The activity a token names, if it was signed with `secret` and has not expired at `now`
/// (Unix seconds). A token that does not parse or whose signature is wrong is
/// [`ScoringError::CheckinTokenInvalid`]; a genuine one past its time is
/// [`ScoringError::CheckinTokenExpired`].
pub fn verify(secret: &[u8], token: &str, now: i64) -> Result<i64, ScoringError> {
    let mut parts = token.trim().split('.');
    let (Some(a), Some(e), Some(m), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(ScoringError::CheckinTokenInvalid);
    };
    let (Ok(activity), Ok(expiry)) = (a.parse::<i64>(), e.parse::<i64>()) else {
        return Err(ScoringError::CheckinTokenInvalid);
    };
    // Compare every byte (no early exit), so timing says nothing about a forged prefix.
    let want = mac(secret, activity, expiry);
    let same = want.len() == m.len() && want.bytes().zip(m.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
    if !same {
        return Err(ScoringError::CheckinTokenInvalid);
    }
    if now > expiry {
        return Err(ScoringError::CheckinTokenExpired);
    }
    Ok(activity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s).expect("hex")
    }

    #[test]
    fn hmac_matches_rfc_4231_test_cases_1_2_and_6() {
        assert_eq!(
            hex::encode(hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // A key longer than the block is hashed first.
        assert_eq!(
            hex::encode(hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(unhex("00ff"), vec![0, 255]);
    }

    #[test]
    fn a_fresh_token_names_its_activity() {
        let t = sign(b"secret", 42, 1_000);
        assert!(t.starts_with("42.1000."));
        assert_eq!(verify(b"secret", &t, 1_000), Ok(42));
        assert_eq!(verify(b"secret", &t, 990), Ok(42));
    }

    #[test]
    fn an_expired_token_is_refused_as_expired() {
        let t = sign(b"secret", 42, 1_000);
        assert_eq!(verify(b"secret", &t, 1_001), Err(ScoringError::CheckinTokenExpired));
    }

    #[test]
    fn an_altered_or_foreign_token_is_refused_as_invalid() {
        let t = sign(b"secret", 42, 1_000);
        let later = t.replace("42.1000.", "42.9000.");
        let other = t.replace("42.1000.", "43.1000.");
        for bad in [later.as_str(), other.as_str(), "", "42.1000", "a.b.c", "42.1000.00", &format!("{t}.x")] {
            assert_eq!(verify(b"secret", bad, 0), Err(ScoringError::CheckinTokenInvalid), "{bad}");
        }
        assert_eq!(verify(b"another secret", &t, 0), Err(ScoringError::CheckinTokenInvalid));
    }
}
