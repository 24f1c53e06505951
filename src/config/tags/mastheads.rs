//! Names that are never topics: the publishers and news agencies whose copy
//! a site carries, and the boilerplate pasted with it.
//!
//! The agency of a dateline or a credit ("(Reuters)", "/TASS/", "Photo:
//! Getty Images") is where a story came from, which newsgen keeps as the
//! article's metadata; as a tag it would file half the archive under
//! "Reuters". Read once by [`TagSettings::new`](super::TagSettings::new)
//! into the stop list; a site that names one of these in its own
//! `[tags.aliases]` keeps it.

/// Compared as name keys (case, accents and punctuation aside).
#[rustfmt::skip]
pub(super) const NOT_TOPICS: &[&str] = &[
    // News agencies.
    "Reuters", "Thomson Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse",
    "Agence France Presse", "TASS", "ITAR-TASS", "RIA Novosti", "Interfax", "Xinhua", "PTI",
    "Press Trust of India", "IANS", "ANI", "UPI", "United Press International", "EFE", "ANSA",
    "DPA", "Kyodo", "Kyodo News", "Yonhap", "Anadolu", "Anadolu Agency", "Bernama", "IRNA",
    "Press Association", "PA Media", "Sputnik", "KCNA", "Bloomberg News",
    // Broadcasters and papers, as they credit themselves.
    "BBC", "BBC News", "BBC News Online", "BBC Sport", "BBC Sport Online", "BBC Radio",
    "BBC World Service", "CNN", "CNN International", "Al Jazeera", "Al Jazeera English",
    "ABC News", "CBS News", "NBC News", "Fox News", "Fox News Channel", "Sky News", "RT",
    "Russia Today", "Press TV", "CNBC", "MSNBC", "NPR", "Euronews", "France 24", "Deutsche Welle",
    "DW", "21st Century Wire", "21WIRE", "Breitbart", "Breitbart News", "Daily Mail", "MailOnline",
    "The Guardian", "Guardian", "The Independent", "The Telegraph", "The New York Times",
    "New York Times", "The Washington Post", "Washington Post", "Times of India",
    "The Times of India", "Hindustan Times", "The Hindu", "Global Times",
    "South China Morning Post", "The Jerusalem Post", "Jerusalem Post", "Haaretz",
    "The Huffington Post", "Huffington Post", "HuffPost", "BuzzFeed News", "Business Insider",
    "USA Today", "The Wall Street Journal", "Wall Street Journal", "WSJ", "Politico", "TIME",
    "Newsweek", "The Atlantic", "Vox", "Slate", "Salon", "The Hill", "Axios",
    // Health and press-release wires.
    "Reuters Health", "HealthDay", "HealthDay News", "WebMD", "Medscape", "Newswise",
    "PR Newswire", "PRNewswire", "Business Wire", "GlobeNewswire", "EurekAlert",
    // Photo and wire credits, and the widgets pasted with the text.
    "Getty", "Getty Images", "AFP/Getty Images", "AP Photo", "Reuters Photo", "EPA", "EPA-EFE",
    "Shutterstock", "Alamy", "PA Images", "PA Wire", "File Photo", "Image", "Images", "Photo",
    "Photos", "Image Credit", "Featured Image", "Source", "Read More", "Read", "More",
    "Click Here", "Subscribe", "Advertisement", "Related", "Share", "Watch", "Video",
    "Breaking", "Breaking News", "Exclusive", "Update", "Updated", "Live", "Listen", "Please",
    "Sign Up", "Newsletter", "Comments", "View Comments", "Story Continued Below",
];
