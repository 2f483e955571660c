# Understudy's app image: the page, the Gradio API and /v1/chat/completions on port 7860.
# Also what a Docker Space would use (sdk: docker, app_port: 7860; Spaces run it as uid 1000).
#
#   docker build -t understudy .                                        # CPU (default)
#   docker build -t understudy:cuda --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128 \
#                --build-arg EXTRA_PACKAGES=bitsandbytes .              # CUDA (QLoRA needs bitsandbytes)
#   docker run -p 7860:7860 -e OPENAI_API_KEY -e HF_TOKEN understudy    # add --gpus all for the CUDA image
#
# Secrets come from the environment at run time; none is copied into the image (see .dockerignore).
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE}

ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG EXTRA_PACKAGES=""

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GRADIO_SERVER_NAME=0.0.0.0 \
    PORT=7860 \
    HOME=/home/user \
    HF_HOME=/home/user/.cache/huggingface

RUN useradd --create-home --uid 1000 user
WORKDIR /home/user/app

COPY --chown=user requirements.txt ./
RUN pip install --index-url "${TORCH_INDEX}" "$(grep '^torch==' requirements.txt)" \
 && pip install -r requirements.txt ${EXTRA_PACKAGES}

COPY --chown=user pipeline ./pipeline
COPY --chown=user app.py README.md ./

USER user
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '7860'), timeout=4)"
CMD ["python", "app.py"]
