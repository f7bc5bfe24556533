//! Wholesale prices: a business customer's 掛率 (price rate) applied to the retail price.

/// What a rate of 100 % is: rates are in hundredths of a percent (6000 = 60 %).
pub const FULL_RATE: u32 = 10_000;

/// The price a customer with `rate` (hundredths of a percent of retail, 6000 = 60 %) pays
/// for an item whose retail price is `retail_minor`, in the same minor units.
///
/// Rounded **down** to the minor unit (切り捨て, the usual rule for 掛率 in Japanese
/// wholesale): ¥1,980 at 62.5 % is ¥1,237.5, charged ¥1,237. "Down" means towards minus
/// infinity, which for the non-negative prices Kura stores is simply dropping the
/// fraction. The product is computed exactly (no floats, no overflow on the way); a result
/// beyond `i64` (only possible for rates far above 100 %) saturates.
pub fn rated_price(retail_minor: i64, rate: u32) -> i64 {
    let exact = i128::from(retail_minor) * i128::from(rate);
    let price = exact.div_euclid(i128::from(FULL_RATE));
    i64::try_from(price).unwrap_or(if price < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_rate_is_hundredths_of_a_percent_of_retail_rounded_down() {
        assert_eq!(rated_price(1_980, 6_000), 1_188);
        assert_eq!(rated_price(1_980, 6_250), 1_237);
        assert_eq!(rated_price(999, 3_333), 332);
        assert_eq!(rated_price(1, 9_999), 0);
        assert_eq!(rated_price(1_980, FULL_RATE), 1_980);
        assert_eq!(rated_price(0, 6_000), 0);
    }

    #[test]
    fn extreme_prices_neither_overflow_nor_wrap() {
        assert_eq!(rated_price(i64::MAX, FULL_RATE), i64::MAX);
        assert_eq!(rated_price(i64::MAX, 5_000), i64::MAX / 2);
        assert_eq!(rated_price(i64::MAX, u32::MAX), i64::MAX);
        assert_eq!(rated_price(-1_980, 6_250), -1_238);
    }

    proptest! {
        #[test]
        fn the_price_is_the_largest_amount_not_above_the_exact_one(
            retail in 0i64..=1_000_000_000_000,
            rate in 1u32..=FULL_RATE,
        ) {
            let price = i128::from(rated_price(retail, rate));
            let exact = i128::from(retail) * i128::from(rate);
            prop_assert!(price * 10_000 <= exact);
            prop_assert!((price + 1) * 10_000 > exact);
            prop_assert!(price <= i128::from(retail));
        }
    }
}
