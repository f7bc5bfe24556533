//! What a person or partner sets on a customer, checked as a whole: a new customer is a
//! patch applied to a blank profile, a change is a patch applied to the stored one, and the
//! result passes the same checks either way. Pure, so every rule is unit-tested here.

use kura_shared::{
    BillingTerms, CurrencyCode, CustomerCode, CustomerKind, NameKana, PriceRate, ValidationError,
};

use uuid::Uuid;

use crate::services::{ServiceError, catalog::products::money, text};

use super::{normalise_email, normalise_phone};

/// Billing terms as typed: closing day, payment month offset, payment day (see
/// [`BillingTerms`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermsInput {
    /// 5, 10, 15, 20, 25, 31 (month end) or 0 (every shipment).
    pub closing_day: i64,
    /// Months after the closing month, 0–3.
    pub payment_month_offset: i64,
    /// 1–31 (31 = month end).
    pub payment_day: i64,
}

/// Every field of a new customer, as typed.
#[derive(Debug, Clone)]
pub struct NewCustomer {
    /// Consumer or business.
    pub kind: CustomerKind,
    /// Display (company) name.
    pub name: String,
    /// フリガナ in hiragana, katakana or half-width katakana.
    pub name_kana: Option<String>,
    /// 取引先コード.
    pub code: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Free text.
    pub note: String,
    /// 与信限度額 as a decimal in the company's currency.
    pub credit_limit: Option<String>,
    /// 掛率 in hundredths of a percent.
    pub price_rate: Option<i64>,
    /// 締日・支払条件.
    pub billing_terms: Option<TermsInput>,
    /// The customer that pays this one's invoices (a head office), if not itself.
    pub bill_to: Option<Uuid>,
}

/// Changes to a customer: `None` keeps a field, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct CustomerPatch {
    /// New kind; a consumer has no business terms.
    pub kind: Option<CustomerKind>,
    /// New name.
    pub name: Option<String>,
    /// New reading.
    pub name_kana: Option<Option<String>>,
    /// New code.
    pub code: Option<Option<String>>,
    /// New email.
    pub email: Option<Option<String>>,
    /// New phone.
    pub phone: Option<Option<String>>,
    /// New note.
    pub note: Option<String>,
    /// New credit limit (decimal text).
    pub credit_limit: Option<Option<String>>,
    /// New price rate.
    pub price_rate: Option<Option<i64>>,
    /// New billing terms.
    pub billing_terms: Option<Option<TermsInput>>,
    /// New bill-to customer.
    pub bill_to: Option<Option<Uuid>>,
}

impl From<NewCustomer> for CustomerPatch {
    fn from(new: NewCustomer) -> Self {
        Self {
            kind: Some(new.kind),
            name: Some(new.name),
            name_kana: Some(new.name_kana),
            code: Some(new.code),
            email: Some(new.email),
            phone: Some(new.phone),
            note: Some(new.note),
            credit_limit: Some(new.credit_limit),
            price_rate: Some(new.price_rate),
            billing_terms: Some(new.billing_terms),
            bill_to: Some(new.bill_to),
        }
    }
}

/// A customer's checked, normalised fields: exactly what is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Consumer or business.
    pub kind: CustomerKind,
    /// Display name, 1–200 characters.
    pub name: String,
    /// Full-width katakana reading.
    pub name_kana: Option<NameKana>,
    /// Upper-case code.
    pub code: Option<CustomerCode>,
    /// Normalised email.
    pub email: Option<String>,
    /// Digits only.
    pub phone: Option<String>,
    /// Free text.
    pub note: String,
    /// Minor units, never negative.
    pub credit_limit: Option<i64>,
    /// 掛率.
    pub price_rate: Option<PriceRate>,
    /// 締日・支払条件.
    pub billing_terms: Option<BillingTerms>,
    /// 請求先: the customer that pays this one's invoices, if not itself.
    pub bill_to: Option<Uuid>,
}

impl Profile {
    /// The profile a new customer's patch starts from.
    pub fn blank() -> Self {
        Self {
            kind: CustomerKind::Consumer,
            name: String::new(),
            name_kana: None,
            code: None,
            email: None,
            phone: None,
            note: String::new(),
            credit_limit: None,
            price_rate: None,
            billing_terms: None,
            bill_to: None,
        }
    }

    /// This profile with `patch` applied, every given field checked, and the whole
    /// checked again (a name is required; only a business has business terms).
    pub fn patched(
        mut self,
        patch: &CustomerPatch,
        currency: CurrencyCode,
    ) -> Result<Self, ServiceError> {
        if let Some(kind) = patch.kind {
            self.kind = kind;
        }
        if let Some(name) = &patch.name {
            self.name = text::required(name, 200, "name", "customer name")?;
        }
        if let Some(note) = &patch.note {
            self.note = text::optional(note, 2_000, "note")?;
        }
        if let Some(email) = &patch.email {
            self.email = optional(email.as_deref())
                .map(normalise_email)
                .transpose()?;
        }
        if let Some(phone) = &patch.phone {
            self.phone = optional(phone.as_deref())
                .map(normalise_phone)
                .transpose()?;
        }
        if let Some(kana) = &patch.name_kana {
            self.name_kana = optional(kana.as_deref())
                .map(|k| invalid(NameKana::parse(k), "nameKana"))
                .transpose()?;
        }
        if let Some(code) = &patch.code {
            self.code = optional(code.as_deref())
                .map(|c| invalid(CustomerCode::parse(c), "code"))
                .transpose()?;
        }
        self.patch_terms(patch, currency)?;
        if self.name.is_empty() {
            return Err(ValidationError::new("text.empty", "Enter a customer name")
                .with_field("name")
                .into());
        }
        self.check_business_only()?;
        Ok(self)
    }

    /// The business terms of `patch`: credit limit, price rate, billing terms.
    fn patch_terms(
        &mut self,
        patch: &CustomerPatch,
        currency: CurrencyCode,
    ) -> Result<(), ServiceError> {
        if let Some(limit) = &patch.credit_limit {
            self.credit_limit = optional(limit.as_deref())
                .map(|text| money(text, currency, "creditLimit"))
                .transpose()?;
        }
        if let Some(rate) = patch.price_rate {
            self.price_rate = rate
                .map(|r| invalid(PriceRate::new(r), "priceRate"))
                .transpose()?;
        }
        if let Some(terms) = patch.billing_terms {
            self.billing_terms = terms
                .map(|t| {
                    BillingTerms::new(t.closing_day, t.payment_month_offset, t.payment_day).map_err(
                        |e| {
                            let field = e.field();
                            ServiceError::from(ValidationError::from(e).with_field(field))
                        },
                    )
                })
                .transpose()?;
        }
        if let Some(bill_to) = patch.bill_to {
            self.bill_to = bill_to;
        }
        Ok(())
    }

    /// A code, credit limit, price rate and billing terms describe a business partner;
    /// a consumer has none of them (switching a business to consumer clears them first).
    fn check_business_only(&self) -> Result<(), ServiceError> {
        if self.kind == CustomerKind::Business {
            return Ok(());
        }
        let offending = [
            ("code", self.code.is_some()),
            ("creditLimit", self.credit_limit.is_some()),
            ("priceRate", self.price_rate.is_some()),
            ("billingTerms", self.billing_terms.is_some()),
            ("billToCustomerId", self.bill_to.is_some()),
        ]
        .into_iter()
        .find_map(|(field, set)| set.then_some(field));
        match offending {
            None => Ok(()),
            Some(field) => Err(ValidationError::new(
                "customer.business_only",
                "Only a business customer has a code, credit limit, price rate, billing terms or bill-to",
            )
            .with_field(field)
            .into()),
        }
    }

    /// The API names of the fields that differ from `before`, for the audit log.
    pub fn changes_from(&self, before: &Profile) -> Vec<&'static str> {
        [
            ("kind", self.kind != before.kind),
            ("name", self.name != before.name),
            ("nameKana", self.name_kana != before.name_kana),
            ("code", self.code != before.code),
            ("email", self.email != before.email),
            ("phone", self.phone != before.phone),
            ("note", self.note != before.note),
            ("creditLimit", self.credit_limit != before.credit_limit),
            ("priceRate", self.price_rate != before.price_rate),
            ("billingTerms", self.billing_terms != before.billing_terms),
            ("billToCustomerId", self.bill_to != before.bill_to),
        ]
        .into_iter()
        .filter_map(|(field, changed)| changed.then_some(field))
        .collect()
    }
}

/// A given text, or `None` for missing or blank.
fn optional(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// A shared value type's parse error as a validation error on `field`.
fn invalid<T, E: Into<ValidationError>>(
    parsed: Result<T, E>,
    field: &'static str,
) -> Result<T, ServiceError> {
    parsed.map_err(|e| ServiceError::Validation(e.into().with_field(field)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const JPY: CurrencyCode = CurrencyCode::Jpy;

    fn business() -> NewCustomer {
        NewCustomer {
            kind: CustomerKind::Business,
            name: "株式会社山田商事".into(),
            name_kana: Some("やまだしょうじ".into()),
            code: Some(" c-001 ".into()),
            email: None,
            phone: Some("03-1234-5678".into()),
            note: String::new(),
            credit_limit: Some("500000".into()),
            price_rate: Some(6_000),
            billing_terms: Some(TermsInput {
                closing_day: 31,
                payment_month_offset: 1,
                payment_day: 31,
            }),
            bill_to: None,
        }
    }

    fn created(new: NewCustomer) -> Result<Profile, ServiceError> {
        Profile::blank().patched(&new.into(), JPY)
    }

    fn reason(result: Result<Profile, ServiceError>) -> (&'static str, Option<String>) {
        match result {
            Err(ServiceError::Validation(e)) => (e.code, e.field),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_new_business_is_stored_normalised() {
        let profile = created(business()).unwrap();
        assert_eq!(profile.name_kana.unwrap().as_str(), "ヤマダショウジ");
        assert_eq!(profile.code.unwrap().as_str(), "C-001");
        assert_eq!(profile.phone.as_deref(), Some("0312345678"));
        assert_eq!(profile.credit_limit, Some(500_000));
        assert_eq!(profile.price_rate.unwrap().hundredths(), 6_000);
        assert_eq!(profile.billing_terms.unwrap().closing_day(), 31);
    }

    /// Breaks one field of a good input.
    type Spoil = fn(&mut NewCustomer);

    #[test]
    fn each_bad_field_is_named_with_its_reason() {
        let cases: Vec<(Spoil, &str, &str)> = vec![
            (
                |c| c.name_kana = Some("山田".into()),
                "kana.not_kana",
                "nameKana",
            ),
            (
                |c| c.code = Some("C 1".into()),
                "customer.code.invalid_character",
                "code",
            ),
            (
                |c| c.credit_limit = Some("-1".into()),
                "money.negative",
                "creditLimit",
            ),
            (
                |c| c.price_rate = Some(10_001),
                "customer.price_rate.range",
                "priceRate",
            ),
            (
                |c| c.price_rate = Some(0),
                "customer.price_rate.range",
                "priceRate",
            ),
            (
                |c| c.billing_terms.as_mut().unwrap().closing_day = 30,
                "customer.billing_terms.closing_day",
                "billingTerms.closingDay",
            ),
            (
                |c| c.billing_terms.as_mut().unwrap().payment_month_offset = 4,
                "customer.billing_terms.payment_month_offset",
                "billingTerms.paymentMonthOffset",
            ),
            (|c| c.name = "  ".into(), "text.empty", "name"),
        ];
        for (spoil, code, field) in cases {
            let mut input = business();
            spoil(&mut input);
            assert_eq!(reason(created(input)), (code, Some(field.to_owned())));
        }
    }

    #[test]
    fn a_consumer_has_no_business_terms() {
        let mut consumer = business();
        consumer.kind = CustomerKind::Consumer;
        assert_eq!(
            reason(created(consumer.clone())),
            ("customer.business_only", Some("code".to_owned()))
        );
        consumer.code = None;
        consumer.credit_limit = None;
        consumer.price_rate = None;
        consumer.billing_terms = None;
        let profile = created(consumer).unwrap();
        assert_eq!(profile.name_kana.unwrap().as_str(), "ヤマダショウジ");
    }

    #[test]
    fn a_patch_keeps_what_it_omits_and_clears_what_it_nulls() {
        let before = created(business()).unwrap();
        let patch = CustomerPatch {
            code: Some(None),
            price_rate: Some(None),
            billing_terms: Some(None),
            credit_limit: Some(Some("  ".into())),
            note: Some("月末に電話".into()),
            ..CustomerPatch::default()
        };
        let after = before.clone().patched(&patch, JPY).unwrap();
        assert_eq!(after.name, before.name);
        assert_eq!(after.name_kana, before.name_kana);
        assert_eq!(
            (
                after.code,
                after.price_rate,
                after.billing_terms,
                after.credit_limit
            ),
            (None, None, None, None)
        );
        let after = before.clone().patched(&patch, JPY).unwrap();
        assert_eq!(
            after.changes_from(&before),
            ["code", "note", "creditLimit", "priceRate", "billingTerms"]
        );
    }

    #[test]
    fn turning_a_business_into_a_consumer_needs_its_terms_cleared() {
        let before = created(business()).unwrap();
        let to_consumer = CustomerPatch {
            kind: Some(CustomerKind::Consumer),
            ..CustomerPatch::default()
        };
        assert_eq!(
            reason(before.clone().patched(&to_consumer, JPY)),
            ("customer.business_only", Some("code".to_owned()))
        );
        let cleared = CustomerPatch {
            code: Some(None),
            credit_limit: Some(None),
            price_rate: Some(None),
            billing_terms: Some(None),
            ..to_consumer
        };
        assert_eq!(
            before.patched(&cleared, JPY).unwrap().kind,
            CustomerKind::Consumer
        );
    }
}
