//! Receipt codes (回执码): what a citizen keeps to follow an opinion without an account.
//!
//! A code is 10 characters from a 31-character alphabet without look-alikes (no 0, O, 1, I or
//! L): 9 random characters and a check character. Shown as `ABCDE-FGH2K`, it is read back
//! case-insensitively with spaces and dashes (half- or full-width) ignored.
//!
//! The check character makes the weighted sum of all ten values divisible by 31 (weights 2..=10
//! for the random characters, 1 for the check). 31 is prime and every weight is below it, so
//! any single wrong character and any two swapped characters change the sum by a non-multiple
//! of 31: such a code is refused before any lookup, so a typo never reaches somebody else's
//! opinion. The nine random characters carry 9·log2(31) ≈ 44.6 bits.
//!
//! Core does no I/O, so the randomness comes from the caller: 16 bytes from the operating
//! system's generator, read as one number whose base-31 digits are taken (the bias of reducing
//! 128 bits to 31^9 values is below 10^-25).

use crate::ValidationError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The characters a code uses: digits 2–9 and the letters without I, L and O.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Characters in a code, the check character included.
pub const LENGTH: usize = 10;

const BASE: u32 = 31;
const FIELD: &str = "receipt_code";

/// A receipt code with a correct check character, in canonical form (upper case, no dashes).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReceiptCode([u8; LENGTH]);

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == c).map(|i| i as u32)
}

/// The value the check character must have for the nine before it.
fn check_value(data: &[u8]) -> u32 {
    let sum: u32 = data
        .iter()
        .enumerate()
        .map(|(i, c)| (i as u32 + 2) * value_of(*c).expect("only alphabet characters reach the check"))
        .sum();
    (BASE - sum % BASE) % BASE
}

impl ReceiptCode {
    /// A new code from 16 random bytes (e.g. from the operating system's generator).
    pub fn from_random(bytes: [u8; 16]) -> Self {
        let mut n = u128::from_le_bytes(bytes);
        let mut code = [0u8; LENGTH];
        for slot in code.iter_mut().take(LENGTH - 1) {
            *slot = ALPHABET[(n % u128::from(BASE)) as usize];
            n /= u128::from(BASE);
        }
        code[LENGTH - 1] = ALPHABET[check_value(&code[..LENGTH - 1]) as usize];
        Self(code)
    }

    /// Reads a code as a citizen types it: any case, spaces and dashes anywhere, full-width
    /// letters and digits accepted. A wrong character count, a character no code contains, or a
    /// failed check are told apart in the message.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let err = |m: String| ValidationError::new(FIELD, m);
        let mut chars = Vec::with_capacity(LENGTH);
        for c in raw.chars() {
            // Full-width ASCII (as a Chinese input method types it) to half-width.
            let c = match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                _ => c,
            };
            if c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}') {
                continue;
            }
            let c = c.to_ascii_uppercase();
            if matches!(c, '0' | 'O' | '1' | 'I' | 'L') {
                return Err(err(format!(
                    "回执码中不会出现“{c}”：回执码不使用数字0、1和字母O、I、L，请核对后重新输入。"
                )));
            }
            if !c.is_ascii() || value_of(c as u8).is_none() {
                return Err(err(format!("回执码只包含数字和英文字母，“{c}”不正确，请核对后重新输入。")));
            }
            chars.push(c as u8);
        }
        if chars.is_empty() {
            return Err(err("请输入回执码。".to_owned()));
        }
        if chars.len() != LENGTH {
            return Err(err(format!("回执码应为{LENGTH}位（不计空格和横线），您输入了{}位。", chars.len())));
        }
        let mut code = [0u8; LENGTH];
        code.copy_from_slice(&chars);
        let check = value_of(code[LENGTH - 1]).expect("checked above");
        if check != check_value(&code[..LENGTH - 1]) {
            return Err(err("回执码有误（校验位不符），请核对后重新输入。".to_owned()));
        }
        Ok(Self(code))
    }

    /// The canonical form the store keys on: `ABCDEFGH2K`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("the alphabet is ASCII")
    }

    /// The form shown to the citizen, grouped for reading aloud: `ABCDE-FGH2K`.
    pub fn grouped(&self) -> String {
        let s = self.as_str();
        format!("{}-{}", &s[..5], &s[5..])
    }
}

impl fmt::Display for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReceiptCode({})", self.as_str())
    }
}

impl TryFrom<String> for ReceiptCode {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ReceiptCode> for String {
    fn from(v: ReceiptCode) -> String {
        v.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_alphabet_has_no_look_alikes_and_no_repeats() {
        for bad in [b'0', b'O', b'1', b'I', b'L'] {
            assert!(!ALPHABET.contains(&bad), "{} in the alphabet", bad as char);
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 31);
    }

    #[test]
    fn a_code_reads_back_in_any_case_with_spaces_and_dashes() {
        let code = ReceiptCode::from_random([7; 16]);
        let shown = code.grouped();
        assert_eq!(shown.len(), 11);
        assert_eq!(ReceiptCode::parse(&shown), Ok(code));
        assert_eq!(ReceiptCode::parse(&shown.to_lowercase()), Ok(code));
        let spaced: String = code.as_str().chars().flat_map(|c| [c, ' ']).collect();
        assert_eq!(ReceiptCode::parse(&spaced), Ok(code));
        let full_width: String =
            code.as_str().chars().map(|c| char::from_u32(c as u32 + 0xfee0).unwrap_or(c)).collect();
        assert_eq!(ReceiptCode::parse(&full_width), Ok(code), "typed with a Chinese input method");
    }

    #[test]
    fn look_alikes_are_named_in_the_message() {
        let e = ReceiptCode::parse("ABCDE-FGH0K").expect_err("zero");
        assert!(e.message.contains("不使用数字0、1和字母O、I、L"), "{e:?}");
        assert_eq!(e.field, "receipt_code");
        assert!(ReceiptCode::parse("abcde-fghlk").expect_err("ell").message.contains("“L”"));
    }

    #[test]
    fn empty_short_long_or_foreign_input_is_refused_in_chinese() {
        assert_eq!(ReceiptCode::parse(" - ").expect_err("empty").message, "请输入回执码。");
        assert!(ReceiptCode::parse("ABCDE").expect_err("short").message.contains("您输入了5位"));
        assert!(ReceiptCode::parse("ABCDEFGHJKM").expect_err("long").message.contains("11位"));
        assert!(ReceiptCode::parse("ABCDE回执").expect_err("hanzi").message.contains("“回”"));
    }

    #[test]
    fn the_stored_form_is_canonical_and_a_bad_stored_code_is_refused() {
        let code = ReceiptCode::from_random([42; 16]);
        let stored = String::from(code);
        assert_eq!(stored, code.as_str());
        assert!(!stored.contains('-'));
        assert_eq!(ReceiptCode::try_from(stored), Ok(code));
        assert!(ReceiptCode::try_from("22222-22223".to_owned()).is_err());
    }

    fn any_code() -> impl Strategy<Value = ReceiptCode> {
        any::<[u8; 16]>().prop_map(ReceiptCode::from_random)
    }

    proptest! {
        #[test]
        fn every_generated_code_round_trips(code in any_code()) {
            prop_assert_eq!(code.as_str().len(), LENGTH);
            prop_assert!(code.as_str().bytes().all(|b| ALPHABET.contains(&b)));
            prop_assert_eq!(ReceiptCode::parse(code.as_str()), Ok(code));
            prop_assert_eq!(ReceiptCode::parse(&code.to_string()), Ok(code));
        }

        #[test]
        fn one_mistyped_character_is_detected(code in any_code(), pos in 0..LENGTH, shift in 1u8..31) {
            let mut bytes = code.as_str().as_bytes().to_vec();
            let v = value_of(bytes[pos]).expect("alphabet") as u8;
            bytes[pos] = ALPHABET[usize::from((v + shift) % 31)];
            let typo = String::from_utf8(bytes).expect("ascii");
            let e = ReceiptCode::parse(&typo).expect_err("a typo passes the check");
            prop_assert!(e.message.contains("校验位"));
        }

        #[test]
        fn two_swapped_characters_are_detected(code in any_code(), i in 0..LENGTH, j in 0..LENGTH) {
            let mut bytes = code.as_str().as_bytes().to_vec();
            prop_assume!(bytes[i] != bytes[j]);
            bytes.swap(i, j);
            let swapped = String::from_utf8(bytes).expect("ascii");
            prop_assert!(ReceiptCode::parse(&swapped).is_err());
        }
    }
}
