from django.contrib import admin
from django.urls import include, path

from collabkb.curation import views as curation
from collabkb.kinds import registry
from collabkb.maps import views as maps
from collabkb.web import about, feeds, glossary, health, home, sitemaps
from collabkb.web import views as web_views

handler500 = "collabkb.web.health.server_error"

urlpatterns = [
    path("", home.home, name="home"),
    path("about/", about.about, name="about"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", web_views.robots, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:name>.xml", sitemaps.section, name="sitemap-section"),
    path("feed/", feeds.RecentRecords(), name="feed"),
    path("map/", maps.whole_map, name="map"),
    # Before the admin's own pages: its catch-all would take admin/2fa/.
    path("admin/2fa/", include("collabkb.accounts.urls")),
    path("admin/notifications/", curation.my_notifications, name="my_notifications"),
    path("admin/", admin.site.urls),
    # Each app that owns record kinds has one urls.py with its own prefixes
    # (challenges/, practices/ and series/, cases/ and organisations/).
    # Before the apps' own: cases/urls.py would take cases/map/ for a case.
    path("", include("explore.urls")),
    *[path("", include(f"{app_label}.urls")) for app_label in registry.app_labels()],
    path("sources/", include("collabkb.sources.urls")),
    path("tags/", include("collabkb.tags.urls")),
    path("search/", include("collabkb.search.urls")),
    path("suggest/", include("collabkb.corrections.urls")),
]
