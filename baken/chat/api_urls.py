from django.urls import path

from baken.chat import api

urlpatterns = [
    path("conversations", api.conversations, name="chat_api_conversations"),
    path("conversations/<str:public_id>", api.conversation, name="chat_api_conversation"),
    path("conversations/<str:public_id>/messages", api.messages, name="chat_api_messages"),
    path("conversations/<str:public_id>/end", api.end, name="chat_api_end"),
]
