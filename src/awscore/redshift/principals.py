"""Users, groups and roles: CREATE / ALTER / DROP USER | GROUP | ROLE and who a session acts as.

Redshift's rules kept here:

* ``CREATE USER name [WITH] PASSWORD {'pw' | 'md5...' | 'sha256...' | DISABLE} [option ...]`` with
  CREATEDB / NOCREATEDB, CREATEUSER / NOCREATEUSER (superuser), SYSLOG ACCESS, IN GROUP g, VALID UNTIL,
  CONNECTION LIMIT, SESSION TIMEOUT. Clear-text passwords are 8-64 characters with an upper-case letter,
  a lower-case letter and a digit. Only superusers create, alter or drop other users.
* ``ALTER GROUP g ADD | DROP USER u, ...`` and ``ALTER GROUP g RENAME TO n``.
* Roles nest: ``GRANT ROLE r1 TO ROLE r2`` gives r2's members r1 too; cycles are refused.
  :func:`principals` is the one place that expands a user into everything grants can name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlglot.tokens import TokenType

from .errors import (
    DuplicateObject,
    InsufficientPrivilege,
    InvalidParameterValue,
    ObjectInUse,
    SyntaxError_,
    UndefinedObject,
)
from .result import Result
from .splitter import Statement

if TYPE_CHECKING:
    from .cluster import Cluster
    from .session import Session

__all__ = ["principals", "user_roles", "run_create_user", "run_alter_principal", "run_drop_principal",
           "check_password", "PUBLIC"]

PUBLIC = "public"
_HASHED = re.compile(r"^(md5[0-9a-f]{32}|sha256\|.+)$")


def user_roles(cluster: Cluster, user: str) -> set[str]:
    """Every role ``user`` holds, directly or through nested roles (transitive closure). O(roles^2) worst case."""
    held = {r for r, members in cluster.roles.items() if user in members}
    frontier = list(held)
    while frontier:
        role = frontier.pop()
        for r, members in cluster.roles.items():
            if f"role:{role}" in members and r not in held:
                held.add(r)
                frontier.append(r)
    return held


def principals(session: Session, user: str | None = None) -> set[str]:
    """Grantee spellings that apply to the user: the name, ``public``, ``group:g`` and ``role:r`` (nested)."""
    cluster = session.cluster
    name = user or session.user
    groups = {f"group:{g}" for g, members in cluster.groups.items() if name in members}
    roles = {f"role:{r}" for r in user_roles(cluster, name)}
    return {name, PUBLIC} | groups | roles


def check_password(password: str) -> None:
    """Redshift's clear-text rules (8-64 chars, upper, lower, digit, printable ASCII except ' " \\ / @)."""
    if _HASHED.match(password):
        return
    if not 8 <= len(password) <= 64:
        raise InvalidParameterValue("password must be between 8 and 64 characters long")
    if not any(c.isdigit() for c in password):
        raise InvalidParameterValue("password must contain a number")
    if not any(c.isupper() for c in password):
        raise InvalidParameterValue("password must contain an uppercase letter")
    if not any(c.islower() for c in password):
        raise InvalidParameterValue("password must contain a lowercase letter")
    if any(not 33 <= ord(c) <= 126 or c in "'\"\\/@" for c in password):
        raise InvalidParameterValue("password contains an invalid character")


def _require_superuser(session: Session, what: str) -> None:
    if not session.cluster.is_superuser(session.user):
        raise InsufficientPrivilege(f"permission denied to {what}")


def _int(stmt: Statement, i: int) -> int:
    tok = stmt.tokens[i]
    if not tok.text.isdigit():
        raise SyntaxError_(f'syntax error at or near "{tok.text}"')
    return int(tok.text)


def _options(session: Session, stmt: Statement, i: int, options: dict[str, object]) -> None:
    """Parse CREATE / ALTER USER options from token ``i`` into ``options``."""
    while i < len(stmt.tokens):
        word = stmt.word(i)
        tok = stmt.tokens[i]
        if word == "WITH":
            i += 1
        elif word == "PASSWORD":
            value = stmt.tokens[i + 1]
            if value.token_type is TokenType.STRING:
                check_password(value.text)
                options["password"] = value.text
            elif stmt.word(i + 1) == "DISABLE":
                options["password"] = None
            else:
                raise SyntaxError_(f'syntax error at or near "{value.text}"')
            i += 2
        elif word in ("CREATEDB", "NOCREATEDB"):
            options["createdb"] = word == "CREATEDB"
            i += 1
        elif word in ("CREATEUSER", "NOCREATEUSER"):
            options["superuser"] = word == "CREATEUSER"
            i += 1
        elif word == "SYSLOG" and stmt.word(i + 1) == "ACCESS" and stmt.word(i + 2) in ("RESTRICTED", "UNRESTRICTED"):
            options["syslog"] = stmt.word(i + 2).lower()
            i += 3
        elif word == "IN" and stmt.word(i + 1) == "GROUP":
            i += 2
            groups = []
            while i < len(stmt.tokens):
                groups.append(stmt.tokens[i].text.lower())
                if i + 1 < len(stmt.tokens) and stmt.tokens[i + 1].token_type is TokenType.COMMA:
                    i += 2
                    continue
                i += 1
                break
            for g in groups:
                if g not in session.cluster.groups:
                    raise UndefinedObject(f'group "{g}" does not exist')
            options["groups"] = groups
        elif word == "VALID" and stmt.word(i + 1) == "UNTIL":
            options["valid_until"] = stmt.tokens[i + 2].text
            i += 3
        elif word == "CONNECTION" and stmt.word(i + 1) == "LIMIT":
            value = stmt.tokens[i + 2].text
            options["connection_limit"] = None if value.upper() == "UNLIMITED" else _int(stmt, i + 2)
            i += 3
        elif word == "SESSION" and stmt.word(i + 1) == "TIMEOUT":
            options["session_timeout"] = _int(stmt, i + 2)
            i += 3
        elif word == "EXTERNALID":
            options["externalid"] = stmt.tokens[i + 1].text
            i += 2
        elif word == "RENAME" and stmt.word(i + 1) == "TO":
            options["rename"] = stmt.tokens[i + 2].text.lower()
            i += 3
        elif word == "RESET" or word == "SET":
            raise SyntaxError_(f"ALTER USER ... {word} of configuration parameters is not supported by awscore")
        else:
            raise SyntaxError_(f'syntax error at or near "{tok.text}"')


def run_create_user(session: Session, stmt: Statement) -> Result:
    """CREATE USER name [WITH] PASSWORD ... [options]; superusers only."""
    _require_superuser(session, "create user")
    name = stmt.tokens[2].text.lower()
    if name == PUBLIC:
        raise InvalidParameterValue('user name "public" is reserved')
    options: dict[str, object] = {}
    _options(session, stmt, 3, options)
    if "password" not in options:
        raise SyntaxError_("CREATE USER needs PASSWORD { 'password' | 'md5hash' | DISABLE }")
    cluster = session.cluster
    cluster.add_principal("USER", name, superuser=bool(options.get("superuser")))
    user = cluster.users[name]
    _apply(cluster, user, options)
    return Result(command="CREATE USER")


def _apply(cluster: Cluster, user: object, options: dict[str, object]) -> None:
    for key in ("password", "createdb", "superuser", "syslog", "valid_until", "connection_limit",
                "session_timeout", "externalid"):
        if key in options:
            setattr(user, key, options[key])
    for g in options.get("groups", []) or []:  # type: ignore[union-attr]
        cluster.groups[g].add(user.name)  # type: ignore[attr-defined]


def run_alter_principal(session: Session, stmt: Statement) -> Result:
    """ALTER USER name options | RENAME TO n; ALTER GROUP g ADD | DROP USER u, ... | RENAME TO n; ALTER ROLE."""
    kind = stmt.word(1)
    name = stmt.tokens[2].text.lower()
    cluster = session.cluster
    if kind == "USER":
        user = cluster.users.get(name)
        if user is None:
            raise UndefinedObject(f'user "{name}" does not exist')
        options: dict[str, object] = {}
        _options(session, stmt, 3, options)
        self_password_only = name == session.user and set(options) <= {"password"} and options.get("password")
        if not self_password_only:
            _require_superuser(session, "alter user")
        if options.get("password", "") is None and user.superuser:
            raise InvalidParameterValue("cannot disable the password of a superuser")
        with cluster._lock:
            new = options.pop("rename", None)
            if isinstance(new, str):
                if new in cluster.users:
                    raise DuplicateObject(f'user "{new}" already exists')
                cluster.rename_user(name, new)
            _apply(cluster, user, options)
        return Result(command="ALTER USER")
    if kind == "GROUP":
        _require_superuser(session, "alter group")
        members = cluster.groups.get(name)
        if members is None:
            raise UndefinedObject(f'group "{name}" does not exist')
        action = stmt.word(3)
        if action == "RENAME" and stmt.word(4) == "TO":
            new = stmt.tokens[5].text.lower()
            if new in cluster.groups:
                raise DuplicateObject(f'group "{new}" already exists')
            cluster.groups[new] = cluster.groups.pop(name)
            return Result(command="ALTER GROUP")
        if action not in ("ADD", "DROP") or stmt.word(4) != "USER":
            raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(3, len(stmt.tokens) - 1)].text}"')
        users = [t.text.lower() for t in stmt.tokens[5:] if t.token_type is not TokenType.COMMA]
        if not users:
            raise SyntaxError_("syntax error at end of input")
        for u in users:
            if u not in cluster.users:
                raise UndefinedObject(f'user "{u}" does not exist')
        with cluster._lock:
            (members.update if action == "ADD" else members.difference_update)(users)
        _bump_all(cluster)
        return Result(command="ALTER GROUP")
    if kind == "ROLE":
        _require_superuser(session, "alter role")
        if name not in cluster.roles:
            raise UndefinedObject(f'role "{name}" does not exist')
        if stmt.word(3) == "RENAME" and stmt.word(4) == "TO":
            new = stmt.tokens[5].text.lower()
            if new in cluster.roles:
                raise DuplicateObject(f'role "{new}" already exists')
            cluster.rename_role(name, new)
            _bump_all(cluster)
            return Result(command="ALTER ROLE")
        raise SyntaxError_(f"ALTER ROLE ... {stmt.word(3)} is not supported by awscore")
    raise SyntaxError_(f'syntax error at or near "{stmt.tokens[1].text}"')


def run_drop_principal(session: Session, stmt: Statement) -> Result:
    """DROP USER | GROUP | ROLE [IF EXISTS] name [, ...]; a user that owns objects cannot be dropped."""
    kind = stmt.word(1)
    _require_superuser(session, f"drop {kind.lower()}")
    i = 2
    if_exists = stmt.word(2) == "IF" and stmt.word(3) == "EXISTS"
    if if_exists:
        i = 4
    names = [t.text.lower() for t in stmt.tokens[i:] if t.token_type is not TokenType.COMMA
             and t.text.upper() not in ("CASCADE", "RESTRICT", "FORCE")]
    cluster = session.cluster
    store = {"USER": cluster.users, "GROUP": cluster.groups, "ROLE": cluster.roles}[kind]
    for name in names:
        if name not in store:
            if if_exists:
                continue
            raise UndefinedObject(f'{kind.lower()} "{name}" does not exist')
        if kind == "USER":
            if name == session.user or name == session.session_user:
                raise InsufficientPrivilege("current user cannot be dropped")
            if name in ("rdsdb", cluster.master_username):
                raise InsufficientPrivilege(f'user "{name}" can\'t be dropped: it is the administrator user')
            db = session.database  # Redshift checks only the current database
            if any(r.owner == name for r in db.catalog.relations.values()) or name in db.catalog.schemas.values():
                raise ObjectInUse(f'user "{name}" can\'t be dropped because the user owns some object')
            if db.grants_model.holds_any(name):
                raise ObjectInUse(f'user "{name}" can\'t be dropped because the user has a privilege on some object')
            for other in cluster.databases.values():  # objects elsewhere are left to 'unknown'
                for rel in other.catalog.relations.values():
                    if rel.owner == name:
                        rel.owner = "unknown"
        cluster.drop_principal(kind, name)
        if kind == "ROLE":
            for members in cluster.roles.values():
                members.discard(f"role:{name}")
        _forget_grantee(cluster, name if kind == "USER" else f"{kind.lower()}:{name}")
    _bump_all(cluster)
    return Result(command=f"DROP {kind}")


def _forget_grantee(cluster: Cluster, grantee: str) -> None:
    """Dropping a principal drops its grants and its RLS / masking attachments (Redshift detaches them)."""
    for db in cluster.databases.values():
        db.grants_model.forget_grantee(grantee)
        db.rls.attachments = {a for a in db.rls.attachments if a.grantee != grantee}
        db.rls.ignore.discard(grantee)
        db.masking.attachments = [a for a in db.masking.attachments if a.grantee != grantee]
        for members in cluster.groups.values():
            members.discard(grantee)
        for members in cluster.roles.values():
            members.discard(grantee)


def _bump_all(cluster: Cluster) -> None:
    for db in cluster.databases.values():
        with db.lock:
            db.catalog.epoch += 1
