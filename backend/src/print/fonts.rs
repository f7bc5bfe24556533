//! The typeface documents are set in. A Japanese document needs a font with kanji and kana,
//! which no PDF viewer is guaranteed to have, so the glyphs used are embedded; the font file
//! itself comes from the system (Debian's `fonts-noto-cjk`, installed by `infra/scripts`),
//! or from `KURA_PDF_FONT` when set.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use skrifa::{
    FontRef, MetadataProvider,
    instance::{LocationRef, Size},
};

/// Fonts tried in order when none is configured: Noto Sans CJK (index 0 of the collection is
/// the Japanese face), then IPAex Gothic.
const CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0),
];

/// Why no typeface could be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TypefaceError {
    /// The file could not be read.
    #[error("cannot read the font {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a font (or the collection has no face at that index).
    #[error("{path} (face {index}) is not a usable font")]
    NotAFont {
        /// The file.
        path: PathBuf,
        /// The face within a collection.
        index: u32,
    },
    /// The font lacks Japanese glyphs.
    #[error("{0} has no Japanese glyphs")]
    NotJapanese(PathBuf),
    /// Nothing configured and none of the usual fonts is installed.
    #[error(
        "no Japanese font found for PDF documents: install fonts-noto-cjk \
         (apt-get install fonts-noto-cjk) or set KURA_PDF_FONT to a .ttf/.otf/.ttc file"
    )]
    Missing,
}

/// One loaded face: its bytes, shared by every document drawn with it.
#[derive(Clone)]
pub struct Typeface {
    data: Arc<Vec<u8>>,
    index: u32,
    font: krilla::text::Font,
    path: PathBuf,
}

impl std::fmt::Debug for Typeface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typeface")
            .field("path", &self.path)
            .field("index", &self.index)
            .finish()
    }
}

impl Typeface {
    /// Loads face `index` of the font file at `path` (a `#N` suffix on the path picks the face
    /// of a collection, e.g. `NotoSansCJK-Regular.ttc#0`).
    pub fn load(path: &Path) -> Result<Self, TypefaceError> {
        let (file, index) = split_face(path);
        let bytes = std::fs::read(&file).map_err(|source| TypefaceError::Read {
            path: file.clone(),
            source,
        })?;
        let data = Arc::new(bytes);
        let not_a_font = || TypefaceError::NotAFont {
            path: file.clone(),
            index,
        };
        let face = FontRef::from_index(&data, index).map_err(|_| not_a_font())?;
        // 納 and 品 must be there, or every document would print as empty boxes.
        if face.charmap().map('納').is_none() || face.charmap().map('品').is_none() {
            return Err(TypefaceError::NotJapanese(file));
        }
        let font = krilla::text::Font::new(data.clone().into(), index).ok_or_else(not_a_font)?;
        Ok(Self {
            data,
            index,
            font,
            path: file,
        })
    }

    /// The configured font, or the first of the usual system fonts that is installed.
    pub fn find(configured: Option<&Path>) -> Result<Self, TypefaceError> {
        if let Some(path) = configured {
            return Self::load(path);
        }
        CANDIDATES
            .iter()
            .find(|(path, _)| Path::new(path).exists())
            .map(|(path, index)| Self::load(&PathBuf::from(format!("{path}#{index}"))))
            .unwrap_or(Err(TypefaceError::Missing))
    }

    /// How wide `text` is when set at `size` points. Characters the font lacks count as
    /// one em, as the viewer will draw a box of about that size.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(face) = FontRef::from_index(&self.data, self.index) else {
            return 0.0;
        };
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|glyph| metrics.advance_width(glyph))
                    .unwrap_or(size)
            })
            .fold(0.0, |total, w| total + w)
    }

    pub(super) fn font(&self) -> krilla::text::Font {
        self.font.clone()
    }
}

/// `file.ttc#2` → (`file.ttc`, 2); a path without a face suffix is face 0.
fn split_face(path: &Path) -> (PathBuf, u32) {
    let text = path.to_string_lossy();
    match text.rsplit_once('#') {
        Some((file, index)) if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) => {
            (PathBuf::from(file), index.parse().unwrap_or(0))
        }
        _ => (path.to_path_buf(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_face_suffix_picks_the_face_of_a_collection() {
        assert_eq!(
            split_face(Path::new("/f/Noto.ttc#2")),
            (PathBuf::from("/f/Noto.ttc"), 2)
        );
        assert_eq!(
            split_face(Path::new("/f/ipaexg.ttf")),
            (PathBuf::from("/f/ipaexg.ttf"), 0)
        );
        assert_eq!(
            split_face(Path::new("/f/odd#name.ttf")),
            (PathBuf::from("/f/odd#name.ttf"), 0)
        );
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake.ttf");
        std::fs::write(&path, b"not a font").unwrap();
        let err = Typeface::load(&path).unwrap_err();
        assert!(matches!(err, TypefaceError::NotAFont { .. }), "{err}");
    }
}
