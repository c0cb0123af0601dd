"""Task packs: the format, loaders for folders, class folders, ZIP uploads and image links, and the
content that ships with the product."""

from core.content.defaults import default_packs_dir, load_default_packs
from core.content.folder import load_class_folders, load_pack
from core.content.gold import pick_gold
from core.content.limits import UploadLimits
from core.content.pack import ChoiceSpec, ImportReport, Pack, PackItem, PackManifest
from core.content.uploads import load_zip
from core.content.urls import Fetched, FetchError, fetch_image, fetch_url, load_url_csv
from core.content.writer import write_pack
from core.types import Rejection

__all__ = [
    "ChoiceSpec",
    "FetchError",
    "Fetched",
    "ImportReport",
    "Pack",
    "PackItem",
    "PackManifest",
    "Rejection",
    "UploadLimits",
    "default_packs_dir",
    "fetch_image",
    "fetch_url",
    "load_class_folders",
    "load_default_packs",
    "load_pack",
    "load_url_csv",
    "load_zip",
    "pick_gold",
    "write_pack",
]
