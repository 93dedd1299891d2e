"""``mock_aws``: every boto3 client created or used inside it is answered by one Cloud.

Same shapes as moto's ``mock_aws``, so moving over is one import::

    with mock_aws() as cloud:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="b")
        cloud.clock.advance(3600)

    @mock_aws
    def test_something(tmp_path): ...          # pytest fixtures keep working

    @mock_aws
    class TestThings(unittest.TestCase): ...   # one fresh cloud per test

    m = mock_aws(); m.start(); ...; m.stop()

A nested ``mock_aws`` without its own cloud shares the outer one. Fake
credentials are set in the environment while active, so no real account is
ever reached; the access key picks the account (a 12-digit key is taken as
the account id, anything else is the cloud's default account).
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
import unittest
from typing import Any, TypeVar

from ..clock import Clock
from ..cloud import Cloud
from . import adapter

__all__ = ["mock_aws"]

T = TypeVar("T")

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
}
_env_lock = threading.Lock()
_env_depth = 0
_saved_env: dict[str, str | None] = {}


def _enter_env() -> None:
    global _env_depth
    with _env_lock:
        if _env_depth == 0:
            keys = list(_FAKE_ENV) + ["AWS_DEFAULT_REGION"]
            _saved_env.clear()
            _saved_env.update({k: os.environ.get(k) for k in keys})
            os.environ.update(_FAKE_ENV)
            os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        _env_depth += 1


def _exit_env() -> None:
    global _env_depth
    with _env_lock:
        _env_depth -= 1
        if _env_depth == 0:
            for key, value in _saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


class mock_aws:  # noqa: N801 - named like moto's, so moving over is one import
    """Serve every boto3/botocore client from an in-process :class:`~awscore.Cloud`."""

    def __init__(self, func: Any = None, *, cloud: Cloud | None = None, clock: Clock | None = None) -> None:
        self._given = cloud
        self._clock = clock
        self._active: list[Cloud] = []
        self._func = None
        if func is not None:  # used bare as ``@mock_aws``
            self._func = func
            functools.update_wrapper(self, func)

    # -- lifecycle -------------------------------------------------------------

    def start(self) -> Cloud:
        """Activate; returns the Cloud that answers (a fresh one unless given or nested)."""
        cloud = self._given or adapter.active_cloud() or Cloud(clock=self._clock)
        _enter_env()
        adapter.push(cloud)
        self._active.append(cloud)
        return cloud

    def stop(self) -> None:
        """Deactivate the most recent :meth:`start`."""
        if not self._active:
            raise RuntimeError("mock_aws.stop() called without a matching start()")
        cloud = self._active.pop()
        adapter.pop(cloud)
        _exit_env()

    @property
    def cloud(self) -> Cloud | None:
        """The Cloud of the current activation, if active."""
        return self._active[-1] if self._active else None

    def __enter__(self) -> Cloud:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- decorator ---------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._func is not None:  # bare ``@mock_aws`` on a function: this is the call
            return self._decorate_function(self._func)(*args, **kwargs)
        (target,) = args
        if inspect.isclass(target):
            return self._decorate_class(target)
        return self._decorate_function(target)

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        # bare ``@mock_aws`` on a method: bind like a function
        if obj is None or self._func is None:
            return self
        return functools.partial(self.__call__, obj)

    def _fresh(self) -> mock_aws:
        return mock_aws(cloud=self._given, clock=self._clock)

    def _decorate_function(self, fn: Any) -> Any:
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return await fn(*args, **kwargs)

            return async_wrapper

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._fresh():
                return fn(*args, **kwargs)

        return wrapper

    def _decorate_class(self, cls: type[T]) -> type[T]:
        maker = self._fresh
        if issubclass(cls, unittest.TestCase):
            original_run = cls.run

            def run(test_self: Any, result: Any = None) -> Any:
                with maker():  # setUp, the test and tearDown share one cloud
                    return original_run(test_self, result)

            cls.run = run  # type: ignore[method-assign]
            return cls
        original_setup = cls.__dict__.get("setup_method")
        original_teardown = cls.__dict__.get("teardown_method")

        def setup_method(test_self: Any, method: Any = None) -> None:
            mock = maker()
            test_self._awscore_mock = mock
            mock.start()
            if original_setup is not None:
                original_setup(test_self, method)

        def teardown_method(test_self: Any, method: Any = None) -> None:
            try:
                if original_teardown is not None:
                    original_teardown(test_self, method)
            finally:
                test_self.__dict__.pop("_awscore_mock").stop()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]
        return cls
