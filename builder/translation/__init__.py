"""Translations: gettext PO files in content/translations/, filled by machine or by people, applied to
the model so that every writer produces every language."""
