//! フリガナ: how a name is read, kept as full-width katakana so that one spelling sorts,
//! searches and (later) matches a bank transfer's payer name, whichever way it was typed.
//!
//! People type the reading in hiragana (やまだしょうじ), katakana (ヤマダショウジ) or, copying
//! from bank and EDI systems, half-width katakana (ﾔﾏﾀﾞｼｮｳｼﾞ). [`to_katakana`] turns all three
//! into full-width katakana (a half-width voiced mark joins its letter: ﾀﾞ → ダ) and every run
//! of spaces, ASCII or full-width, into one full-width space.

use wana_kana::ConvertJapanese;

use crate::error::validation_codes;

/// The longest reading kept, in characters.
pub const MAX_KANA_CHARS: usize = 200;

/// The one space a normalised reading uses between words.
pub const KANA_SPACE: char = '\u{3000}';

/// A validated reading: full-width katakana (with ー, ・ and the iteration marks) in words
/// separated by single full-width spaces; never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameKana(String);

/// Why a reading was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KanaError {
    /// Nothing but spaces.
    #[error("enter the reading in kana")]
    Empty,
    /// Over [`MAX_KANA_CHARS`].
    #[error("a reading has at most 200 characters")]
    TooLong,
    /// A character that is not kana or a space (kanji, letters, digits, symbols).
    #[error("the reading may contain only hiragana, katakana and spaces, not '{0}'")]
    NotKana(char),
}

validation_codes!(KanaError {
    KanaError::Empty => "kana.empty",
    KanaError::TooLong => "kana.too_long",
    KanaError::NotKana(_) => "kana.not_kana",
});

/// Hiragana and half-width katakana as full-width katakana, runs of spaces as one
/// full-width space, trimmed. Anything else passes through unchanged, so a search query
/// can be normalised with it too.
pub fn to_katakana(input: &str) -> String {
    let options = wana_kana::Options {
        // Letters stay letters: `abc` is not romaji to convert here.
        pass_romaji: true,
        ..wana_kana::Options::default()
    };
    let converted = input.to_katakana_with_opt(options);
    let words: Vec<&str> = converted
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect();
    words.join(&KANA_SPACE.to_string())
}

/// Full-width katakana, including ー (prolonged sound), ・ (separator) and ヽヾ.
fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FE}').contains(&c)
}

impl NameKana {
    /// Normalises (see [`to_katakana`]) and checks a reading.
    pub fn parse(input: &str) -> Result<Self, KanaError> {
        let kana = to_katakana(input);
        if kana.is_empty() {
            return Err(KanaError::Empty);
        }
        if kana.chars().count() > MAX_KANA_CHARS {
            return Err(KanaError::TooLong);
        }
        if let Some(bad) = kana.chars().find(|&c| c != KANA_SPACE && !is_katakana(c)) {
            return Err(KanaError::NotKana(bad));
        }
        Ok(Self(kana))
    }

    /// The reading.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::text_value::validated_text!(NameKana, KanaError);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kana(input: &str) -> String {
        NameKana::parse(input).unwrap().as_str().to_owned()
    }

    #[test]
    fn hiragana_katakana_and_half_width_katakana_read_the_same() {
        assert_eq!(kana("やまだしょうじ"), "ヤマダショウジ");
        assert_eq!(kana("ヤマダショウジ"), "ヤマダショウジ");
        assert_eq!(kana("ﾔﾏﾀﾞｼｮｳｼﾞ"), "ヤマダショウジ");
        assert_eq!(kana("ｶﾌﾞｼｷｶﾞｲｼｬ ﾊﾟｰﾄﾅｰ"), "カブシキガイシャ　パートナー");
        assert_eq!(kana("やまダｼｮｳｼﾞ"), "ヤマダショウジ");
    }

    #[test]
    fn spaces_of_either_width_become_one_full_width_space() {
        assert_eq!(kana("  やまだ   たろう "), "ヤマダ　タロウ");
        assert_eq!(kana("やまだ　\u{3000}たろう"), "ヤマダ　タロウ");
    }

    #[test]
    fn the_prolonged_mark_separator_and_small_kana_stay() {
        assert_eq!(kana("すーぱー・まーと"), "スーパー・マート");
        assert_eq!(kana("ぁぃぅぇぉっゃゅょゎ"), "ァィゥェォッャュョヮ");
        assert_eq!(kana("ｳﾞｨｰﾅｽ"), "ヴィーナス");
    }

    #[test]
    fn anything_but_kana_and_spaces_is_refused() {
        assert_eq!(NameKana::parse(""), Err(KanaError::Empty));
        assert_eq!(NameKana::parse(" 　 "), Err(KanaError::Empty));
        assert_eq!(NameKana::parse("山田"), Err(KanaError::NotKana('山')));
        assert_eq!(NameKana::parse("ヤマダ1"), Err(KanaError::NotKana('1')));
        assert_eq!(NameKana::parse("yamada"), Err(KanaError::NotKana('y')));
        assert_eq!(
            NameKana::parse(&"ア".repeat(MAX_KANA_CHARS + 1)),
            Err(KanaError::TooLong)
        );
        assert!(NameKana::parse(&"ア".repeat(MAX_KANA_CHARS)).is_ok());
        let code = crate::ValidationError::from(KanaError::NotKana('山')).code;
        assert_eq!(code, "kana.not_kana");
    }

    #[test]
    fn a_search_query_is_normalised_without_being_refused() {
        assert_eq!(to_katakana("やまだ"), "ヤマダ");
        assert_eq!(to_katakana("ﾔﾏﾀﾞ"), "ヤマダ");
        assert_eq!(to_katakana("Yamada 商事"), "Yamada　商事");
    }
}
