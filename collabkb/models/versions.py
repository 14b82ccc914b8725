from django.db import models


class ContentVersion(models.Model):
    """The version of one part of the published content: a record
    ("practices.practice:12"), all records of a model ("practices.practice"),
    or all of it ("all", "everything"). See collabkb/versions.py."""

    tag = models.CharField(max_length=200, primary_key=True)
    version = models.BigIntegerField()

    def __str__(self):
        return f"{self.tag} = {self.version}"
