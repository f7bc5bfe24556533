//! Japanese postal addresses: the postal code (郵便番号) and the 47 prefectures (都道府県).

use serde::{Deserialize, Serialize};

use crate::{error::validation_codes, text_value::validated_text};

/// A postal code in its written form `NNN-NNNN`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PostalCode(String);

/// Why a postal code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostalCodeError {
    /// Not seven digits (with an optional hyphen after the third).
    #[error("a postal code has seven digits, e.g. 150-0001")]
    Invalid,
}

validation_codes!(PostalCodeError {
    PostalCodeError::Invalid => "postal_code.invalid",
});

/// Full-width digits as ASCII, every kind of dash as `-`; other characters unchanged.
fn narrow(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
        '－' | 'ー' | '‐' | '‑' | '–' | '—' | '−' | 'ｰ' => '-',
        other => other,
    }
}

impl PostalCode {
    /// Accepts `1500001`, `150-0001`, full-width digits and dashes (`１５０－０００１`) and a
    /// leading 〒; stores `150-0001`.
    pub fn parse(input: &str) -> Result<Self, PostalCodeError> {
        let text: String = input
            .trim()
            .trim_start_matches('〒')
            .trim()
            .chars()
            .map(narrow)
            .collect();
        let digits: String = match text.split_once('-') {
            Some((head, tail)) if head.len() == 3 => format!("{head}{tail}"),
            Some(_) => return Err(PostalCodeError::Invalid),
            None => text,
        };
        if digits.len() != 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PostalCodeError::Invalid);
        }
        Ok(Self(format!("{}-{}", &digits[..3], &digits[3..])))
    }

    /// `NNN-NNNN`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

validated_text!(PostalCode, PostalCodeError);

/// The 47 prefectures in JIS X 0401 order (code 01 北海道 … 47 沖縄県).
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// One of the 47 prefectures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prefecture(usize);

/// Why a prefecture was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrefectureError {
    /// Not one of the 47.
    #[error("choose one of the 47 prefectures, e.g. 東京都")]
    Unknown,
}

validation_codes!(PrefectureError {
    PrefectureError::Unknown => "prefecture.unknown",
});

impl Prefecture {
    /// A prefecture by its name, with or without 都, 府 or 県 (`東京` is 東京都).
    pub fn parse(input: &str) -> Result<Self, PrefectureError> {
        let name = input.trim();
        PREFECTURES
            .iter()
            .position(|p| {
                *p == name
                    || p.strip_suffix(['都', '府', '県'])
                        .is_some_and(|short| short == name)
            })
            .map(Self)
            .ok_or(PrefectureError::Unknown)
    }

    /// Its full name, e.g. `東京都`.
    pub fn name(self) -> &'static str {
        PREFECTURES[self.0]
    }

    /// Its JIS X 0401 code, 1 (北海道) to 47 (沖縄県).
    pub const fn jis_code(self) -> usize {
        self.0 + 1
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_are_stored_as_three_digits_hyphen_four() {
        for input in [
            "150-0001",
            "1500001",
            "１５０－０００１",
            "１５００００１",
            "〒150-0001",
            " 150ー0001 ",
        ] {
            assert_eq!(
                PostalCode::parse(input).unwrap().as_str(),
                "150-0001",
                "{input}"
            );
        }
    }

    #[test]
    fn anything_but_seven_digits_is_not_a_postal_code() {
        for input in [
            "",
            "150-001",
            "15-00001",
            "150-00011",
            "150--0001",
            "1500-001",
            "abc-defg",
            "150 0001",
            "15000○1",
        ] {
            assert_eq!(
                PostalCode::parse(input),
                Err(PostalCodeError::Invalid),
                "{input}"
            );
        }
        assert_eq!(
            crate::ValidationError::from(PostalCodeError::Invalid).code,
            "postal_code.invalid"
        );
    }

    #[test]
    fn the_47_prefectures_are_known_by_name_with_or_without_their_suffix() {
        assert_eq!(PREFECTURES.len(), 47);
        assert_eq!(Prefecture::parse("東京都").unwrap().name(), "東京都");
        assert_eq!(Prefecture::parse("東京").unwrap().name(), "東京都");
        assert_eq!(Prefecture::parse(" 京都 ").unwrap().name(), "京都府");
        assert_eq!(Prefecture::parse("北海道").unwrap().jis_code(), 1);
        assert_eq!(Prefecture::parse("沖縄県").unwrap().jis_code(), 47);
        for bad in ["", "東京市", "Tokyo", "北海", "都"] {
            assert_eq!(
                Prefecture::parse(bad),
                Err(PrefectureError::Unknown),
                "{bad}"
            );
        }
    }
}
