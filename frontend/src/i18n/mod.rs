//! Run-time switchable Japanese/English UI text and locale-aware formatting.
//!
//! A first visit speaks the first of the browser's preferred languages (`navigator.languages`)
//! that the dashboard has, and Japanese, Kura's customers' language, when it has none of
//! them. Switching is remembered per browser; until then the browser's preference decides.

mod catalogue;

pub use catalogue::Msg;

use kura_shared::{
    ChannelKind, ChannelProvider, ErrorCode, LocationKind, MovementReason, OrdersToShip,
    ProductStatus, Role, TaxClass,
};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::ApiError;

/// localStorage key holding the chosen language code.
const STORAGE_KEY: &str = "kura.lang";

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 日本語
    Ja,
    /// English
    En,
}

impl Lang {
    /// ISO 639-1 code, as used in `<html lang>` and in storage.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// BCP 47 locale for `Intl` date formatting.
    const fn locale(self) -> &'static str {
        match self {
            Lang::Ja => "ja-JP",
            Lang::En => "en-US",
        }
    }

    /// The language the switch button offers.
    pub const fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// A stored choice wins; otherwise the browser's preferences.
    fn detect() -> Lang {
        let stored = local_storage()
            .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|code| Lang::from_code(&code));
        stored.unwrap_or_else(|| Lang::preferred(&browser_languages()))
    }

    /// The first language of `tags` (BCP 47, most preferred first: `en-US`, `ja`) that the
    /// dashboard speaks; Japanese when it speaks none of them.
    fn preferred(tags: &[String]) -> Lang {
        tags.iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next().unwrap_or_default();
                Lang::from_code(&primary.trim().to_ascii_lowercase())
            })
            .unwrap_or(Lang::Ja)
    }
}

/// The browser's preferred languages, most preferred first (`navigator.languages`, or the one
/// `navigator.language` where the list is missing).
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let listed: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if listed.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        listed
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    // Private browsing can deny storage; the language then just isn't remembered.
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The current language, shared through Leptos context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Detects the starting language, keeps `<html lang>` and storage in sync with it, and
    /// makes it available to [`use_i18n`].
    pub fn provide() -> I18n {
        let lang = RwSignal::new(Lang::detect());
        Effect::new(move |_| {
            let lang = lang.get();
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                // Screen readers and CJK font selection both follow <html lang>.
                let _ = root.set_attribute("lang", lang.code());
            }
        });
        let i18n = I18n { lang };
        provide_context(i18n);
        i18n
    }

    /// The current language (reactive).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// A catalogue message in the current language (reactive).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// Switches between Japanese and English, and remembers the choice.
    pub fn toggle(&self) {
        self.lang.update(|lang| *lang = lang.other());
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, self.lang.get_untracked().code());
        }
    }
}

/// The [`I18n`] provided by the app root.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for `view!`: re-renders when the language changes.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(msg)
}

/// What to tell a person about a failed API call, in catalogue terms.
pub fn error_message(error: &ApiError) -> Msg {
    match error {
        ApiError::Network(_) => Msg::NetworkErrorBody,
        ApiError::Http(_) | ApiError::Decode(_) => Msg::ErrorUnexpectedResponse,
        ApiError::GraphQl(_) => match error.code() {
            Some(ErrorCode::Unauthenticated) => Msg::ErrorUnauthenticated,
            Some(ErrorCode::Forbidden) => Msg::ErrorForbidden,
            Some(ErrorCode::NotFound) => Msg::ErrorNotFound,
            Some(ErrorCode::Validation) => Msg::ErrorValidation,
            Some(ErrorCode::InsufficientStock) => Msg::ErrorInsufficientStock,
            Some(ErrorCode::Conflict) => Msg::ErrorConflict,
            Some(ErrorCode::RateLimited) => Msg::ErrorRateLimited,
            Some(ErrorCode::PlanLimit) => Msg::ErrorPlanLimit,
            Some(ErrorCode::QueryTooComplex) => Msg::ErrorQueryTooComplex,
            Some(ErrorCode::Internal) | None => Msg::ErrorInternal,
        },
    }
}

/// The message for a validation `reason` code (`extensions.reason`, or the `code()` of a
/// `kura_shared` error); `None` for codes this dashboard doesn't know yet.
pub fn reason_message(reason: &str) -> Option<Msg> {
    Some(match reason {
        "email.empty" => Msg::ReasonEmailEmpty,
        "email.invalid" => Msg::ReasonEmailInvalid,
        "email.unavailable" => Msg::ReasonEmailUnavailable,
        "email.too_long" => Msg::ReasonEmailTooLong,
        "password.too_short" => Msg::ReasonPasswordTooShort,
        "password.too_long" => Msg::ReasonPasswordTooLong,
        "password.too_common" => Msg::ReasonPasswordTooCommon,
        "text.empty" => Msg::ReasonRequired,
        "text.too_long" => Msg::ReasonTooLong,
        "text.length" => Msg::ReasonTextLength,
        "scope.none" => Msg::ReasonScopeNone,
        "scope.unknown" => Msg::ReasonScopeUnknown,
        "sku.empty" => Msg::ReasonSkuEmpty,
        "sku.too_long" => Msg::ReasonSkuTooLong,
        "sku.invalid_char" => Msg::ReasonSkuInvalid,
        "sku.duplicate" => Msg::ReasonSkuDuplicate,
        "barcode.empty" => Msg::ReasonRequired,
        "barcode.non_digit" => Msg::ReasonBarcodeDigits,
        "barcode.invalid_length" => Msg::ReasonBarcodeLength,
        "barcode.invalid_check_digit" => Msg::ReasonBarcodeCheckDigit,
        "barcode.duplicate" => Msg::ReasonBarcodeDuplicate,
        "money.empty" => Msg::ReasonMoneyEmpty,
        "money.invalid_format" => Msg::ReasonMoneyFormat,
        "money.too_many_fraction_digits" => Msg::ReasonMoneyFraction,
        "money.overflow" => Msg::ReasonMoneyOverflow,
        "money.negative" => Msg::ReasonMoneyNegative,
        "options.count" => Msg::ReasonOptionsCount,
        "options.duplicate" => Msg::ReasonOptionsDuplicate,
        "options.duplicate_variant" => Msg::ReasonOptionsDuplicateVariant,
        "options.too_many" => Msg::ReasonOptionsTooMany,
        "variants.count" => Msg::ReasonVariantsCount,
        "location_code.empty" => Msg::ReasonLocationCodeEmpty,
        "location_code.too_long" => Msg::ReasonLocationCodeTooLong,
        "location_code.invalid_character" => Msg::ReasonLocationCodeInvalid,
        "kana.empty" | "customer.code.empty" => Msg::ReasonRequired,
        "kana.too_long" => Msg::ReasonTooLong,
        "kana.not_kana" => Msg::ReasonKanaNotKana,
        "customer.code.too_long" => Msg::ReasonCustomerCodeTooLong,
        "customer.code.invalid_character" => Msg::ReasonLocationCodeInvalid,
        "customer.price_rate.range" => Msg::ReasonPriceRateRange,
        "customer.price_rate.format" => Msg::ReasonPriceRateFormat,
        "customer.billing_terms.incomplete" => Msg::ReasonTermsIncomplete,
        "customer.billing_terms.closing_day" => Msg::ReasonTermsClosingDay,
        "customer.billing_terms.payment_month_offset" => Msg::ReasonTermsPaymentMonth,
        "customer.billing_terms.payment_day" => Msg::ReasonTermsPaymentDay,
        "customer.business_only" => Msg::ReasonBusinessOnly,
        "postal_code.invalid" => Msg::ReasonPostalCode,
        "prefecture.unknown" => Msg::ReasonPrefecture,
        "phone.invalid" => Msg::ReasonPhone,
        "quantity.adjustment" => Msg::ReasonQuantityAdjustment,
        "quantity.range" => Msg::ReasonQuantityRange,
        _ => return None,
    })
}

/// A role's name.
pub fn role_label(role: Role) -> Msg {
    match role {
        Role::Owner => Msg::RoleOwner,
        Role::Admin => Msg::RoleAdmin,
        Role::Manager => Msg::RoleManager,
        Role::Staff => Msg::RoleStaff,
        Role::Viewer => Msg::RoleViewer,
    }
}

/// Why stock moved, in words.
pub fn movement_reason_label(reason: MovementReason) -> Msg {
    match reason {
        MovementReason::Sale => Msg::MovementSale,
        MovementReason::Return => Msg::MovementReturn,
        MovementReason::Shipment => Msg::MovementShipment,
        MovementReason::Receipt => Msg::MovementReceipt,
        MovementReason::TransferOut => Msg::MovementTransferOut,
        MovementReason::TransferIn => Msg::MovementTransferIn,
        MovementReason::Count => Msg::MovementCount,
        MovementReason::Damage => Msg::MovementDamage,
        MovementReason::Loss => Msg::MovementLoss,
        MovementReason::Found => Msg::MovementFound,
        MovementReason::Correction => Msg::MovementCorrection,
        MovementReason::Initial => Msg::MovementInitial,
        MovementReason::Other => Msg::MovementOther,
    }
}

/// A kind of location, in words.
pub fn location_kind_label(kind: LocationKind) -> Msg {
    match kind {
        LocationKind::Store => Msg::KindStore,
        LocationKind::Warehouse => Msg::KindWarehouse,
        LocationKind::ExternalWarehouse => Msg::KindExternalWarehouse,
        LocationKind::Virtual => Msg::KindVirtual,
    }
}

/// A channel kind, in words.
pub fn channel_kind_label(kind: ChannelKind) -> Msg {
    match kind {
        ChannelKind::Pos => Msg::ChannelKindPos,
        ChannelKind::Ec => Msg::ChannelKindEc,
        ChannelKind::Wholesale => Msg::ChannelKindWholesale,
        ChannelKind::Marketplace => Msg::ChannelKindMarketplace,
    }
}

/// What a channel's online orders still to ship become, in words.
pub fn orders_to_ship_label(handling: OrdersToShip) -> Msg {
    match handling {
        OrdersToShip::Sale => Msg::OrdersToShipSale,
        OrdersToShip::Order => Msg::OrdersToShipOrder,
    }
}

/// A provider, in words.
pub fn provider_label(provider: ChannelProvider) -> Msg {
    match provider {
        ChannelProvider::Manual => Msg::ProviderManual,
        ChannelProvider::Shopify => Msg::ProviderShopify,
        ChannelProvider::Square => Msg::ProviderSquare,
        ChannelProvider::Smaregi => Msg::ProviderSmaregi,
        ChannelProvider::Csv => Msg::ProviderCsv,
    }
}

/// A product status, in words.
pub fn product_status_label(status: ProductStatus) -> Msg {
    match status {
        ProductStatus::Active => Msg::StatusActive,
        ProductStatus::Draft => Msg::StatusDraft,
        ProductStatus::Archived => Msg::StatusArchived,
    }
}

/// A consumption tax class, in words (with its rate).
pub fn tax_class_label(class: TaxClass) -> Msg {
    match class {
        TaxClass::Standard => Msg::TaxStandard,
        TaxClass::Reduced => Msg::TaxReduced,
    }
}

/// A duration as the two most significant units, e.g. `3日 4時間` / `3d 4h`.
pub fn format_duration(total_seconds: i64, lang: Lang) -> String {
    let s = total_seconds.max(0);
    let (days, hours, minutes, seconds) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    let parts: [(i64, &str, &str); 4] = [
        (days, "日", "d"),
        (hours, "時間", "h"),
        (minutes, "分", "m"),
        (seconds, "秒", "s"),
    ];
    let first = parts.iter().position(|(n, _, _)| *n > 0).unwrap_or(3);
    parts[first..]
        .iter()
        .take(2)
        .map(|(n, ja, en)| match lang {
            Lang::Ja => format!("{n}{ja}"),
            Lang::En => format!("{n}{en}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Reconnecting in 4s (attempt 3)" in the given language.
pub fn reconnect_notice(attempt: u32, delay_ms: u32, lang: Lang) -> String {
    let seconds = delay_ms.div_ceil(1000);
    match lang {
        Lang::Ja => format!("{seconds}秒後に再接続します（{attempt}回目）"),
        Lang::En => format!("Reconnecting in {seconds}s (attempt {attempt})"),
    }
}

/// Parses an RFC 3339 timestamp with the browser's own parser (no date library in the wasm).
fn parse_timestamp(rfc3339: &str) -> Option<js_sys::Date> {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    (!date.get_time().is_nan()).then_some(date)
}

/// The wall-clock time of a timestamp in the browser's time zone, e.g. `18:04:05`.
pub fn format_clock(rfc3339: &str, lang: Lang) -> Option<String> {
    parse_timestamp(rfc3339).map(|d| String::from(d.to_locale_time_string(lang.locale())))
}

/// Date and time of a timestamp in the browser's time zone, e.g. `2026/11/27 18:04:05`.
pub fn format_date_time(rfc3339: &str, lang: Lang) -> Option<String> {
    parse_timestamp(rfc3339)
        .map(|d| String::from(d.to_locale_string(lang.locale(), &JsValue::UNDEFINED)))
}

/// The date of a timestamp in the browser's time zone, e.g. `2026/11/27`.
pub fn format_date(rfc3339: &str, lang: Lang) -> Option<String> {
    parse_timestamp(rfc3339)
        .map(|d| String::from(d.to_locale_date_string(lang.locale(), &JsValue::UNDEFINED)))
}

/// How long ago a timestamp was ("5 minutes ago"), by the browser clock; past a month, or
/// for a clock too far off to say, the date instead.
pub fn format_relative(rfc3339: &str, lang: Lang) -> Option<String> {
    let then = parse_timestamp(rfc3339)?;
    // Rounded down to whole seconds; the cast is bounded by any plausible clock.
    let seconds = ((js_sys::Date::now() - then.get_time()) / 1000.0) as i64;
    relative_time(seconds, lang).or_else(|| format_date(rfc3339, lang))
}

/// `seconds_ago` in words, or `None` past 30 days. A slightly fast server clock makes small
/// negative ages, which read as "just now".
pub fn relative_time(seconds_ago: i64, lang: Lang) -> Option<String> {
    let s = seconds_ago.max(0);
    let (n, ja, en) = match s {
        0..60 => {
            return Some(match lang {
                Lang::Ja => "たった今".to_owned(),
                Lang::En => "just now".to_owned(),
            });
        }
        60..3_600 => (s / 60, "分", "minute"),
        3_600..86_400 => (s / 3_600, "時間", "hour"),
        86_400..=2_592_000 => (s / 86_400, "日", "day"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ja => format!("{n}{ja}前"),
        Lang::En if n == 1 => format!("1 {en} ago"),
        Lang::En => format!("{n} {en}s ago"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_use_the_largest_whole_unit() {
        assert_eq!(relative_time(-3, Lang::En).as_deref(), Some("just now"));
        assert_eq!(relative_time(59, Lang::Ja).as_deref(), Some("たった今"));
        assert_eq!(relative_time(60, Lang::En).as_deref(), Some("1 minute ago"));
        assert_eq!(
            relative_time(150, Lang::En).as_deref(),
            Some("2 minutes ago")
        );
        assert_eq!(relative_time(7_300, Lang::Ja).as_deref(), Some("2時間前"));
        assert_eq!(
            relative_time(86_400 * 3, Lang::En).as_deref(),
            Some("3 days ago")
        );
        assert_eq!(relative_time(86_400 * 31, Lang::En), None);
    }

    #[test]
    fn a_first_visit_speaks_the_browsers_first_language_the_dashboard_has() {
        let tags = |list: &[&str]| list.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(Lang::preferred(&tags(&["ja-JP", "en-US"])), Lang::Ja);
        assert_eq!(Lang::preferred(&tags(&["ja"])), Lang::Ja);
        assert_eq!(Lang::preferred(&tags(&["en-GB", "ja"])), Lang::En);
        assert_eq!(Lang::preferred(&tags(&["fr-FR", "en"])), Lang::En);
        assert_eq!(Lang::preferred(&tags(&["fr-FR", "ja-JP", "en"])), Lang::Ja);
        // Speaking none of them, the dashboard speaks its customers' language.
        assert_eq!(Lang::preferred(&tags(&["fr", "de"])), Lang::Ja);
        assert_eq!(Lang::preferred(&[]), Lang::Ja);
    }

    #[test]
    fn every_message_has_text_in_both_languages() {
        for msg in Msg::ALL {
            assert!(!msg.text(Lang::Ja).trim().is_empty(), "{msg:?} ja");
            assert!(!msg.text(Lang::En).trim().is_empty(), "{msg:?} en");
        }
    }

    #[test]
    fn every_shared_validation_code_has_a_message() {
        use kura_shared::{EmailError, PasswordError};
        let codes = [
            EmailError::Empty.code(),
            EmailError::Invalid.code(),
            EmailError::TooLong.code(),
            PasswordError::TooShort.code(),
            PasswordError::TooLong.code(),
            PasswordError::TooCommon.code(),
        ];
        for code in codes {
            assert!(reason_message(code).is_some(), "{code}");
        }
        assert_eq!(reason_message("text.empty"), Some(Msg::ReasonRequired));
        for api_key_reason in ["text.length", "scope.none", "scope.unknown"] {
            assert!(reason_message(api_key_reason).is_some(), "{api_key_reason}");
        }
        assert_eq!(reason_message("sku.something_new"), None);
        use kura_shared::{BarcodeError, LocationCodeError, MoneyError, SkuError};
        let stock_codes = [
            SkuError::Empty.code(),
            SkuError::TooLong(65).code(),
            SkuError::InvalidChar {
                ch: ' ',
                position: 1,
            }
            .code(),
            BarcodeError::NonDigit.code(),
            BarcodeError::InvalidLength(5).code(),
            BarcodeError::InvalidCheckDigit {
                expected: 1,
                actual: 2,
            }
            .code(),
            MoneyError::Empty.code(),
            MoneyError::InvalidFormat(String::new()).code(),
            MoneyError::Overflow.code(),
            LocationCodeError::Empty.code(),
            LocationCodeError::TooLong.code(),
            LocationCodeError::InvalidCharacter.code(),
        ];
        for code in stock_codes {
            assert!(reason_message(code).is_some(), "{code}");
        }
        use kura_shared::{
            BillingTermsError, CustomerCodeError, KanaError, PostalCodeError, PrefectureError,
            PriceRateError,
        };
        let partner_codes = [
            KanaError::Empty.code(),
            KanaError::TooLong.code(),
            KanaError::NotKana('x').code(),
            CustomerCodeError::Empty.code(),
            CustomerCodeError::TooLong.code(),
            CustomerCodeError::InvalidCharacter.code(),
            PriceRateError::OutOfRange.code(),
            PriceRateError::NotAPercentage.code(),
            BillingTermsError::Incomplete.code(),
            BillingTermsError::ClosingDay.code(),
            BillingTermsError::PaymentMonthOffset.code(),
            BillingTermsError::PaymentDay.code(),
            PostalCodeError::Invalid.code(),
            PrefectureError::Unknown.code(),
            "customer.business_only",
            "phone.invalid",
        ];
        for code in partner_codes {
            assert!(reason_message(code).is_some(), "{code}");
        }
    }

    #[test]
    fn password_limits_in_the_messages_match_the_shared_rules() {
        let min = kura_shared::MIN_PASSWORD_CHARS.to_string();
        let max = kura_shared::MAX_PASSWORD_CHARS.to_string();
        for lang in [Lang::Ja, Lang::En] {
            assert!(Msg::ReasonPasswordTooShort.text(lang).contains(&min));
            assert!(Msg::PasswordRuleLength.text(lang).contains(&min));
            assert!(Msg::ReasonPasswordTooLong.text(lang).contains(&max));
        }
    }

    #[test]
    fn durations_show_the_two_largest_units() {
        assert_eq!(format_duration(0, Lang::En), "0s");
        assert_eq!(format_duration(59, Lang::Ja), "59秒");
        assert_eq!(format_duration(3_725, Lang::En), "1h 2m");
        assert_eq!(format_duration(90_061, Lang::Ja), "1日 1時間");
        assert_eq!(format_duration(-5, Lang::En), "0s");
    }

    #[test]
    fn graphql_codes_map_to_their_own_messages() {
        let error = ApiError::GraphQl(vec![crate::api::GraphQlError::with_code(
            ErrorCode::PlanLimit,
            "nope",
        )]);
        assert_eq!(error_message(&error), Msg::ErrorPlanLimit);
        assert_eq!(
            error_message(&ApiError::Network("down".to_owned())),
            Msg::NetworkErrorBody
        );
    }
}
