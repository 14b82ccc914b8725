"""Reading a response's bytes, streamed (downloads) or not."""


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def text(response):
    return body(response).decode("utf-8")
