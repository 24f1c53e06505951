//! The built-in alias table: the spellings of one country or one of the
//! best-known organisations that wire copy mixes ("US", "U.S.", "USA",
//! "United States"), each with the one name its tag takes.
//!
//! Read once by [`TagSettings::new`](super::TagSettings::new), under the
//! site's own `[tags.aliases]`, which win. Only true variants of one entity
//! are listed: no metonymy ("Moscow" is not "Russia", "Washington" is not
//! "United States"), and nothing that commonly names something else.

/// `(variant, entity)`: a name found as the variant is counted as the entity.
/// Variants are compared as name keys (case, accents and punctuation aside),
/// so "Nato" needs no entry beside "NATO".
#[rustfmt::skip]
pub(super) const BUILT_IN_ALIASES: &[(&str, &str)] = &[
    // Countries.
    ("US", "United States"), ("U.S.", "United States"), ("U.S", "United States"),
    ("USA", "United States"), ("U.S.A.", "United States"), ("America", "United States"),
    ("United States of America", "United States"),
    ("UK", "United Kingdom"), ("U.K.", "United Kingdom"), ("U.K", "United Kingdom"),
    ("Britain", "United Kingdom"), ("Great Britain", "United Kingdom"),
    ("UAE", "United Arab Emirates"), ("U.A.E.", "United Arab Emirates"),
    ("DPRK", "North Korea"), ("Democratic People's Republic of Korea", "North Korea"),
    ("Republic of Korea", "South Korea"), ("S. Korea", "South Korea"), ("N. Korea", "North Korea"),
    ("Russian Federation", "Russia"), ("PRC", "China"), ("People's Republic of China", "China"),
    ("Holland", "Netherlands"), ("The Netherlands", "Netherlands"),
    ("Czechia", "Czech Republic"), ("Côte d'Ivoire", "Ivory Coast"),
    ("Republic of Ireland", "Ireland"), ("Islamic Republic of Iran", "Iran"),
    ("USSR", "Soviet Union"), ("U.S.S.R.", "Soviet Union"),
    // International organisations.
    ("UN", "United Nations"), ("U.N.", "United Nations"), ("U.N", "United Nations"),
    ("EU", "European Union"), ("E.U.", "European Union"),
    ("North Atlantic Treaty Organization", "NATO"), ("North Atlantic Treaty Organisation", "NATO"),
    ("World Health Organisation", "World Health Organization"),
    ("World Trade Organisation", "World Trade Organization"),
    ("International Monetary Fund", "IMF"),
    ("UNSC", "UN Security Council"), ("United Nations Security Council", "UN Security Council"),
    ("ISIS", "Islamic State"), ("ISIL", "Islamic State"), ("Daesh", "Islamic State"),
    ("Islamic State of Iraq and the Levant", "Islamic State"),
    // National institutions and parties.
    ("Fed", "Federal Reserve"), ("US Federal Reserve", "Federal Reserve"),
    ("GOP", "Republican Party"), ("Republicans", "Republican Party"),
    ("Democrats", "Democratic Party"),
    ("Tories", "Conservative Party"), ("Tory", "Conservative Party"),
    ("Conservatives", "Conservative Party"), ("Tory Party", "Conservative Party"),
    ("Labour Party", "Labour"),
    ("Lib Dems", "Liberal Democrats"), ("Lib Dem", "Liberal Democrats"),
];
