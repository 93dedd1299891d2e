"""S3: the object store every awscore engine shares.

>>> from awscore.s3 import S3Store
>>> store = S3Store()
>>> store.create_bucket("docs").put_object("hello.txt", b"hi").size
2
"""

from .bucket import Bucket, DeleteResult
from .listing import ListResult, VersionListResult
from .model import DeleteMarker, MultipartUpload, ObjectVersion, Part, key_order
from .store import S3Store

__all__ = ["S3Store", "Bucket", "DeleteResult", "ListResult", "VersionListResult", "ObjectVersion",
           "DeleteMarker", "MultipartUpload", "Part", "key_order"]
