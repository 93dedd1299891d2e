"""The ``redshift-serverless`` API: namespaces and workgroups."""

from __future__ import annotations

from typing import Any

from ..clock import to_datetime
from ..core.registry import RequestContext, ServiceAPI
from ..core.validation import Validator
from .control import Namespace, RedshiftState, Workgroup
from .shapes_serverless import OPERATIONS, SHAPES

__all__ = ["api"]

api = ServiceAPI("redshift-serverless", validator=Validator(SHAPES, OPERATIONS))


def _state(ctx: RequestContext) -> RedshiftState:
    return ctx.backend


def _namespace(ctx: RequestContext, ns: Namespace, status: str = "AVAILABLE") -> dict[str, Any]:
    return {
        "namespaceName": ns.name,
        "namespaceId": ns.id,
        "namespaceArn": f"arn:aws:redshift-serverless:{ctx.region}:{ctx.account}:namespace/{ns.id}",
        "adminUsername": ns.admin_username,
        "dbName": ns.db_name,
        "status": status,
        "creationDate": to_datetime(ns.created),
        "iamRoles": [],
        "logExports": [],
    }


def _workgroup(ctx: RequestContext, wg: Workgroup, status: str = "AVAILABLE") -> dict[str, Any]:
    address = f"{wg.name}.{ctx.account}.{ctx.region}.redshift-serverless.amazonaws.com"
    return {
        "workgroupName": wg.name,
        "workgroupId": wg.id,
        "workgroupArn": f"arn:aws:redshift-serverless:{ctx.region}:{ctx.account}:workgroup/{wg.id}",
        "namespaceName": wg.namespace,
        "baseCapacity": wg.base_capacity,
        "status": status,
        "endpoint": {"address": address, "port": wg.port},
        "creationDate": to_datetime(wg.created),
        "enhancedVpcRouting": False,
        "publiclyAccessible": False,
        "configParameters": [],
        "securityGroupIds": [],
        "subnetIds": [],
    }


@api.operation("CreateNamespace")
def create_namespace(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    ns = _state(ctx).create_namespace(params["namespaceName"], admin_username=params.get("adminUsername", "admin"),
                                      db_name=params.get("dbName", "dev"), tags=params.get("tags"))
    return {"namespace": _namespace(ctx, ns)}


@api.operation("GetNamespace")
def get_namespace(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"namespace": _namespace(ctx, _state(ctx).namespace(params["namespaceName"]))}


@api.operation("ListNamespaces")
def list_namespaces(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    state = _state(ctx)
    return {"namespaces": [_namespace(ctx, state.namespaces[n]) for n in sorted(state.namespaces)]}


@api.operation("DeleteNamespace")
def delete_namespace(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"namespace": _namespace(ctx, _state(ctx).delete_namespace(params["namespaceName"]), "DELETING")}


@api.operation("CreateWorkgroup")
def create_workgroup(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    wg = _state(ctx).create_workgroup(params["workgroupName"], params["namespaceName"],
                                      base_capacity=params.get("baseCapacity", 128), port=params.get("port", 5439))
    return {"workgroup": _workgroup(ctx, wg, "CREATING")}  # AWS answers CREATING; GetWorkgroup then AVAILABLE


@api.operation("GetWorkgroup")
def get_workgroup(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"workgroup": _workgroup(ctx, _state(ctx).workgroup(params["workgroupName"]))}


@api.operation("ListWorkgroups")
def list_workgroups(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    state = _state(ctx)
    return {"workgroups": [_workgroup(ctx, state.workgroups[n]) for n in sorted(state.workgroups)]}


@api.operation("DeleteWorkgroup")
def delete_workgroup(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"workgroup": _workgroup(ctx, _state(ctx).delete_workgroup(params["workgroupName"]), "DELETING")}
