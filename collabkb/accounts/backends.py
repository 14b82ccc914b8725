"""Django's model backend, reading a signed-in curator and their permissions
by prepared queries (collabkb/prepared.py): every curator's request reads
them, and the queries differ only in the user's id."""

from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Permission

from collabkb import prepared


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            return super().get_user(user_id)
        model = get_user_model()
        found = prepared.records(model, _user_query, (user_id,), (model,))
        return found[0] if found and self.user_can_authenticate(found[0]) else None

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache):
            if user_obj.is_superuser:
                rows = prepared.rows(_every_permission)
            else:
                rows = prepared.rows(_permissions_query, (user_obj.pk,), (from_name,))
            setattr(user_obj, cache, {f"{app}.{codename}" for app, codename in rows})
        return getattr(user_obj, cache)


def _user_query(model, pk):
    return model._default_manager.filter(pk=pk)


def _as_names(permissions):
    return permissions.values_list("content_type__app_label", "codename").order_by()


def _every_permission():
    return _as_names(Permission.objects.all())


def _permissions_query(from_name, pk):
    """The permissions the user ``pk`` has of their own ("user") or by their groups ("group")."""
    if from_name == "user":
        return _as_names(Permission.objects.filter(user=pk))
    groups = get_user_model()._meta.get_field("groups").related_query_name()
    return _as_names(Permission.objects.filter(**{f"group__{groups}": pk}))
