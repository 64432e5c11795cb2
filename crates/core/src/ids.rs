//! Ids as types: a visit type's, a provider's and a location's id are each their own type, so
//! one cannot be passed where another is meant: in the clinic's configuration, in the slot
//! engine's requests ([`crate::slots::SlotRequest`], [`crate::slots::Wanted`]) and in the
//! server's booking and moving of visits. In the clinic file each is a plain string
//! (`#[serde(transparent)]`); in code it reads as a `&str` (`Deref`), so lookups and messages
//! take it as it is.
//!
//! The API's types carry them too (a plain string on the wire, each its own schema in the
//! OpenAPI document), and the widget reads and writes them by the same declaration.

/// Declares an id type: a `String` newtype, a plain string in the clinic file and on the wire.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "js", derive(crate::wire::Wire))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

    };
}

id_type!(
    /// A visit type's id, a slug unique in the clinic, like `sick-visit`.
    VisitTypeId
);
id_type!(
    /// A provider's id, a slug unique in the clinic, like `dr-lopez`.
    ProviderId
);
id_type!(
    /// A location's id, a slug unique in the clinic, like `downtown`.
    LocationId
);
