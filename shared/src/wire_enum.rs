//! The stored and wire names of Kura's closed vocabularies, written once.

/// Declares a closed vocabulary: a `Copy` enum whose every variant has one stored and wire
/// name (`SCREAMING_SNAKE_CASE`), with `ALL`, `as_str`, `Display`, serde, `FromStr`
/// (case-insensitive) and, behind the `graphql` feature, a GraphQL enum of the same names;
/// behind the `sea-orm` feature, a column stored as that name.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident / $error:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(
            feature = "sea-orm",
            sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::None)")
        )]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $wire)]
                #[cfg_attr(feature = "graphql", graphql(name = $wire))]
                #[cfg_attr(feature = "sea-orm", sea_orm(string_value = $wire))]
                $variant
            ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[doc = concat!("A name that is not a [`", stringify!($name), "`].")]
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("unknown {kind} '{0}'", kind = stringify!($name))]
        pub struct $error(pub String);

        impl From<$error> for $crate::error::ValidationError {
            fn from(err: $error) -> Self {
                $crate::error::ValidationError::new("enum.unknown", err.to_string())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
                    .ok_or_else(|| $error(s.to_owned()))
            }
        }
    };
}

pub(crate) use wire_enum;
