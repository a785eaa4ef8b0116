//! The one list of export formats: what each is, its names and file extensions.

use std::path::Path;

/// What a format holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatKind {
    /// A picture, drawn from a page (title, graph, legend, footer).
    Picture,
    /// Data, written from the document.
    Data,
    /// An interactive page: the whole graph as a picture, with the data behind it.
    Page,
}

/// The export formats. Everything that offers, names or recognises a format (the command
/// line's help and checks, the export dialog, file names, the background job) goes through
/// [`Format::ALL`] and these methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Pixels.
    Png,

    /// Scalable vector graphics with real text.
    Svg,

    /// One self-contained web page: the SVG picture, the quotes behind it, filters and search.
    Html,

    /// The positions as a table of comma-separated values.
    Csv,

    /// The graph as GraphML (Gephi, Cytoscape, networkx, igraph).
    Graphml,

    /// The graph as GEXF 1.3 (Gephi, with dates for its timeline).
    Gexf,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Self; 6] = [
        Self::Png,
        Self::Svg,
        Self::Html,
        Self::Csv,
        Self::Graphml,
        Self::Gexf,
    ];

    /// Short name ("PNG").
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Svg => "SVG",
            Self::Html => "HTML",
            Self::Csv => "CSV",
            Self::Graphml => "GraphML",
            Self::Gexf => "GEXF",
        }
    }

    /// What the export dialog says of it.
    pub fn description(self) -> &'static str {
        match self {
            Self::Png => "PNG image",
            Self::Svg => "SVG (vector, text stays text)",
            Self::Html => "HTML (interactive, opens in any browser)",
            Self::Csv => "CSV (the positions, for a spreadsheet)",
            Self::Graphml => "GraphML (Gephi, Cytoscape, R, Python)",
            Self::Gexf => "GEXF (Gephi, with a timeline)",
        }
    }

    /// The file extensions it is recognised by, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Png => &["png"],
            Self::Svg => &["svg"],
            Self::Html => &["html", "htm"],
            Self::Csv => &["csv"],
            Self::Graphml => &["graphml"],
            Self::Gexf => &["gexf"],
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// A picture or data.
    pub fn kind(self) -> FormatKind {
        match self {
            Self::Png | Self::Svg => FormatKind::Picture,
            Self::Html => FormatKind::Page,
            Self::Csv | Self::Graphml | Self::Gexf => FormatKind::Data,
        }
    }

    /// Whether it takes a pixel scale.
    pub fn is_raster(self) -> bool {
        self == Self::Png
    }

    /// The format a file name asks for, by its extension (any case).
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&extension.as_str()))
    }

    /// What can be exported, by kind: "a picture (PNG, SVG), an interactive page (HTML) or
    /// data (CSV)".
    pub fn summary() -> String {
        let names = |kind| {
            Self::ALL
                .into_iter()
                .filter(|f| f.kind() == kind)
                .map(Self::name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "a picture ({}), an interactive page ({}) or data ({})",
            names(FormatKind::Picture),
            names(FormatKind::Page),
            names(FormatKind::Data)
        )
    }

    /// The extensions of every format for messages: ".png, .svg or .csv".
    pub fn extension_list() -> String {
        let all: Vec<String> = Self::ALL
            .iter()
            .flat_map(|f| f.extensions())
            .map(|e| format!(".{e}"))
            .collect();
        match all.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => all.concat(),
        }
    }
}
