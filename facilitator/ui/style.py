"""The app's style sheet: larger headings and a gentle banner, on top of the platform style."""

STYLE_SHEET = """
QLabel#heading1 { font-size: 18pt; font-weight: 600; padding: 4px 0 8px 0; }
QLabel#heading2 { font-size: 13pt; font-weight: 600; padding: 8px 0 4px 0; }
QFrame#sampleBanner {
    background: #FFF4CE; border: 1px solid #D9B64A; border-radius: 4px;
}
QFrame#sampleBanner QLabel { color: #3A2E00; }
QLabel#observationDetail {
    background: palette(base); border: 1px solid palette(mid); border-radius: 4px;
    padding: 8px; min-height: 5em;
}
"""
