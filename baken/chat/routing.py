from django.urls import path

from baken.chat import consumers

websocket_urlpatterns = [
    path("ws/chat/visitor/", consumers.VisitorConsumer.as_asgi()),
    path("ws/chat/work/<str:public_id>/", consumers.WorkerConsumer.as_asgi()),
]
