//! The hashes of `States.Hash` (MD5, SHA-1, SHA-256, SHA-384, SHA-512) and the Base64 of
//! `States.Base64Encode`/`States.Base64Decode`, by RustCrypto's hash crates and `base64`.

use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use sha2::Digest as _;

/// Hex digest of `data` with `algorithm` (`MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`).
pub fn hash_hex(data: &[u8], algorithm: &str) -> Option<String> {
    let bytes = match algorithm {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-1" => sha1::Sha1::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        "SHA-384" => sha2::Sha384::digest(data).to_vec(),
        "SHA-512" => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    };
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Standard Base64 with padding.
pub fn base64_encode(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Standard Base64 as `States.Base64Decode` reads it: padding optional (any number of
/// trailing `=`), and bits after the last whole byte ignored.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes standard Base64 (padding optional); `None` if it is not Base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    LENIENT.decode(text.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_aws_recordings() {
        // intrinsic_functions/test_hash_calculations__test_hash__exec_hist_resp_0..4
        let cases = [
            ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
            ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
            ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
            ("SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
            ("SHA-512", "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"),
        ];
        for (alg, hex) in cases {
            assert_eq!(hash_hex(b"input data", alg).as_deref(), Some(hex), "{alg}");
        }
        assert_eq!(
            hash_hex(b"", "SHA-256").as_deref(),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(hash_hex(b"x", "SHA-3"), None);
    }

    #[test]
    fn base64_round_trips() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("Data to encode", "RGF0YSB0byBlbmNvZGU="),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(base64_decode("a*b"), None);
    }

    #[test]
    fn base64_decoding_is_lenient_about_padding_and_trailing_bits() {
        assert_eq!(base64_decode("Zg").as_deref(), Some(&b"f"[..]));
        assert_eq!(base64_decode("Zg=").as_deref(), Some(&b"f"[..]));
        assert_eq!(base64_decode("Zg=====").as_deref(), Some(&b"f"[..]));
        assert_eq!(base64_decode("Zh==").as_deref(), Some(&b"f"[..]));
        assert_eq!(base64_decode("====").as_deref(), Some(&b""[..]));
        assert_eq!(base64_decode("Z"), None);
        assert_eq!(base64_decode("Zg==Zg=="), None);
        assert_eq!(base64_decode("Zm9v\n"), None);
        assert_eq!(base64_decode("Zm-_"), None);
    }
}
